"""A multi-class soft Dice loss that leaves out pixels labelled `ignore_index`.

MMSegmentation 1.2.2's `DiceLoss` uses `ignore_index` to drop a class channel, not pixels:
a VOC border pixel (255) becomes an all-zero target whose predicted probabilities still
count, so the loss punishes whatever the model says on borders that every metric ignores.
"""
import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import nn


@MODELS.register_module()
class MaskedDiceLoss(nn.Module):
    """1 - mean over images and classes of (2 sum(p t) + s) / (sum p^e + sum t^e + s), with
    p the softmax probabilities and t the one-hot labels, over valid pixels only."""

    def __init__(self, loss_weight: float = 1.0, smooth: float = 1.0, exponent: int = 2,
                 ignore_index: int = 255, loss_name: str = 'loss_dice') -> None:
        super().__init__()
        self.loss_weight, self.smooth, self.exponent = loss_weight, smooth, exponent
        self.ignore_index = ignore_index
        self._loss_name = loss_name

    def forward(self, pred: torch.Tensor, target: torch.Tensor, weight=None,
                ignore_index: int = None, **kwargs) -> torch.Tensor:
        ignore_index = self.ignore_index if ignore_index is None else ignore_index
        num_classes = pred.shape[1]
        valid = (target != ignore_index).unsqueeze(1).float()
        probs = pred.softmax(dim=1) * valid
        labels = F.one_hot(target.clamp(0, num_classes - 1).long(), num_classes)
        labels = labels.permute(0, 3, 1, 2).float() * valid
        overlap = (probs * labels).sum(dim=(2, 3))
        sizes = probs.pow(self.exponent).sum(dim=(2, 3)) + labels.pow(self.exponent).sum(dim=(2, 3))
        dice = (2 * overlap + self.smooth) / (sizes + self.smooth)
        return self.loss_weight * (1 - dice).mean()

    @property
    def loss_name(self) -> str:
        return self._loss_name
