"""The lab's U-Net written from scratch (the UNet lab, COMS4036A lab 3), and the plain
encoder-decoder of the bird segmentation assignment.

Both are one class: `skip_connections=False` removes the concatenations and nothing else, so
the two differ only in the skips (the bird segmentation assignment asks for exactly that
comparison).
"""
from typing import List, Optional

import torch
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import nn

from mmseg_custom.errors import InputError, OptionError

UPSAMPLE_MODES = ('deconv', 'bilinear')


def double_conv(in_channels: int, out_channels: int, norm_cfg: Optional[dict]) -> nn.Sequential:
    """Two 3x3 convolutions with padding 1 (the size is kept), each followed by ReLU."""
    return nn.Sequential(*(
        ConvModule(width_in, out_channels, 3, padding=1, norm_cfg=norm_cfg)
        for width_in in (in_channels, out_channels)))


def upsampler(in_channels: int, out_channels: int, mode: str,
              norm_cfg: Optional[dict]) -> nn.Module:
    """Exactly doubles the size and halves the channels.

    'deconv': ConvTranspose2d(kernel 2, stride 2). 'bilinear': Upsample(scale_factor=2), then
    a 3x3 convolution with padding 1 for the channels (the paper's "up-conv").
    """
    if mode == 'deconv':
        return nn.ConvTranspose2d(in_channels, out_channels, kernel_size=2, stride=2)
    if mode == 'bilinear':
        return nn.Sequential(
            nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False),
            ConvModule(in_channels, out_channels, 3, padding=1, norm_cfg=norm_cfg))
    raise OptionError(f'upsample={mode!r} is not one of {UPSAMPLE_MODES}')


class DecoderBlock(nn.Module):
    """Upsample, concatenate the encoder's feature of the same size (if skips are on), convolve."""

    def __init__(self, in_channels: int, upsample: str, skip_connection: bool,
                 norm_cfg: Optional[dict]) -> None:
        super().__init__()
        out_channels = in_channels // 2
        self.skip_connection = skip_connection
        self.up = upsampler(in_channels, out_channels, upsample, norm_cfg)
        fused = out_channels * 2 if skip_connection else out_channels
        self.convs = double_conv(fused, out_channels, norm_cfg)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = self.up(x)
        if self.skip_connection:
            x = torch.cat([skip, x], dim=1)
        return self.convs(x)


@MODELS.register_module()
class LabUNet(BaseModule):
    """U-Net with padded convolutions: every output keeps the input's size.

    With the defaults (5 levels, 64 base channels) and a 3x512x512 input, the encoder gives
    64@512, 128@256, 256@128, 512@64, 1024@32 and the decoder 512@64, 256@128, 128@256, 64@512,
    as in the lab's Figure 1. `forward` returns the decoder's maps from deep to shallow (the
    bottleneck first), like MMSegmentation's UNet; a head with `in_index=-1` classifies the
    last one (for the lab: a 1x1 convolution to 2 channels, softmax in the loss and in `predict`).

    Sides must be multiples of 2**(num_levels-1) (16 by default); the data preprocessor's
    `size_divisor` pads inputs to that and the segmentor crops the padding off again.
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64, num_levels: int = 5,
                 upsample: str = 'deconv', skip_connections: bool = True,
                 norm_cfg: Optional[dict] = None, init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if upsample not in UPSAMPLE_MODES:
            raise OptionError(f'upsample={upsample!r} is not one of {UPSAMPLE_MODES}')
        if num_levels < 2:
            raise OptionError(f'num_levels must be at least 2, got {num_levels}')
        widths = [base_channels * 2**level for level in range(num_levels)]
        self.divisor = 2**(num_levels - 1)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.encoder = nn.ModuleList(
            double_conv(width_in, width, norm_cfg)
            for width_in, width in zip([in_channels] + widths[:-1], widths))
        self.decoder = nn.ModuleList(
            DecoderBlock(width, upsample, skip_connections, norm_cfg)
            for width in reversed(widths[1:]))

    def encode(self, x: torch.Tensor) -> List[torch.Tensor]:
        """The encoder's maps, shallow to deep; each level halves the size exactly."""
        height, width = x.shape[-2:]
        if height % self.divisor or width % self.divisor:
            raise InputError(f'input {height}x{width} is not a multiple of {self.divisor}; '
                             f'pad it (SegDataPreProcessor size_divisor={self.divisor})')
        features = [self.encoder[0](x)]
        for block in self.encoder[1:]:
            features.append(block(self.pool(features[-1])))
        return features

    def decode(self, features: List[torch.Tensor]) -> List[torch.Tensor]:
        """The bottleneck, then each decoder level's output, deep to shallow."""
        outputs = [features[-1]]
        for block, skip in zip(self.decoder, reversed(features[:-1])):
            outputs.append(block(outputs[-1], skip))
        return outputs

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        return self.decode(self.encode(x))
