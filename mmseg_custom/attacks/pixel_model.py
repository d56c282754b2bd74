"""A frozen segmentor that takes images in pixel space, so budgets are in pixel units."""
import torch
import torch.nn.functional as F
from torch import nn


class PixelSpaceSegmentor(nn.Module):
    """Wrap an MMSegmentation segmentor: (B, 3, H, W) images with values in [0, 1], in the
    channel order the model's data preprocessor receives (BGR as OpenCV reads files), go in;
    (B, num_classes, H, W) logits come out.

    The preprocessor's steps are replayed differentiably: channel swap, mean/std
    normalisation, padding to its size divisor with its pad value. So an L-inf budget of
    8/255 here is 8 grey levels of the image file, whatever the normalisation. The
    segmentor's weights are frozen and it stays in eval mode (no batch-norm updates).
    """

    def __init__(self, segmentor: nn.Module) -> None:
        super().__init__()
        segmentor.eval()
        for parameter in segmentor.parameters():
            parameter.requires_grad_(False)
        self.segmentor = segmentor
        pre = segmentor.data_preprocessor
        normalise = getattr(pre, '_enable_normalize', False)
        self.register_buffer('mean', pre.mean.clone() if normalise else torch.zeros(3, 1, 1))
        self.register_buffer('std', pre.std.clone() if normalise else torch.ones(3, 1, 1))
        # the preprocessor's BGR<->RGB flag (`_channel_conversion` in the OneDL fork)
        self.swap_channels = bool(getattr(pre, '_channel_conversion', False))
        test_cfg = getattr(pre, 'test_cfg', None) or {}
        self.size_divisor = test_cfg.get('size_divisor') or getattr(pre, 'size_divisor', None) or 1
        self.pad_val = float(getattr(pre, 'pad_val', 0))

    def train(self, mode: bool = True) -> 'PixelSpaceSegmentor':
        super().train(mode)
        self.segmentor.eval()  # frozen means frozen statistics too
        return self

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        height, width = images.shape[2:]
        x = images * 255.0
        if self.swap_channels:
            x = x[:, [2, 1, 0]]
        x = (x - self.mean) / self.std
        pad_h = -height % self.size_divisor
        pad_w = -width % self.size_divisor
        x = F.pad(x, (0, pad_w, 0, pad_h), value=self.pad_val)
        logits = self.segmentor._forward(x)
        logits = F.interpolate(logits, size=x.shape[2:], mode='bilinear',
                               align_corners=getattr(self.segmentor.decode_head,
                                                     'align_corners', False))
        return logits[:, :, :height, :width]

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> torch.Tensor:
        """(B, H, W) label maps."""
        return self.forward(images).argmax(dim=1)
