"""A U-Net decoder over the multi-scale features of any backbone."""
from typing import List

import torch
from mmcv.cnn import ConvModule, DepthwiseSeparableConvModule
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.models.utils import resize
from mmseg.registry import MODELS
from torch import nn


@MODELS.register_module()
class UNetHead(BaseDecodeHead):
    """Upsample the deepest feature step by step, each time concatenating the next shallower one.

    `in_channels`/`in_index` list the backbone levels from shallow (high resolution) to deep.
    Each level's fusion keeps that level's width (the shallowest ends with `channels`), so
    the expensive high-resolution convolutions stay narrow. Upsampling goes to the skip's
    exact size, so inputs need not be multiples of the total stride. `separable=True` swaps
    the 3x3 convolutions for depthwise-separable ones, a large saving on CPUs.

    The logits come out at the shallowest level's resolution; the segmentor resizes them.
    """

    def __init__(self, num_convs: int = 2, separable: bool = False, **kwargs) -> None:
        super().__init__(input_transform='multiple_select', **kwargs)
        conv = DepthwiseSeparableConvModule if separable else ConvModule
        widths = list(self.in_channels[:-1])
        widths[0] = self.channels
        self.fusions = nn.ModuleList()
        below = self.in_channels[-1]
        for level in reversed(range(len(widths))):
            layers, width_in = [], self.in_channels[level] + below
            for _ in range(num_convs):
                layers.append(conv(width_in, widths[level], 3, padding=1,
                                   norm_cfg=self.norm_cfg, act_cfg=self.act_cfg))
                width_in = widths[level]
            self.fusions.append(nn.Sequential(*layers))
            below = widths[level]

    def forward(self, inputs: List[torch.Tensor]) -> torch.Tensor:
        features = self._transform_inputs(inputs)
        x = features[-1]
        for fusion, skip in zip(self.fusions, reversed(features[:-1])):
            x = resize(x, size=skip.shape[2:], mode='bilinear', align_corners=self.align_corners)
            x = fusion(torch.cat([skip, x], dim=1))
        return self.cls_seg(x)
