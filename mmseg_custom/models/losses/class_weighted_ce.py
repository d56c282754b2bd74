"""Class-weighted softmax cross-entropy that tolerates ignored pixels.

MMSegmentation 1.2.2's `CrossEntropyLoss(class_weight=...)` computes its denominator by
indexing the class weights with every label, so a single ignored pixel (255: padding after a
crop or a resize) raises an IndexError in training. This loss averages the way PyTorch does:
the sum of w[label] * NLL over the pixels that are not ignored, divided by the sum of their
weights.
"""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from mmseg.registry import MODELS


@MODELS.register_module()
class ClassWeightedCrossEntropyLoss(nn.Module):
    """Cross-entropy with one weight per class, e.g. larger for rare face parts."""

    def __init__(self, class_weight: Sequence[float], loss_weight: float = 1.0,
                 loss_name: str = 'loss_ce') -> None:
        super().__init__()
        self.class_weight = list(class_weight)
        self.loss_weight = loss_weight
        self._loss_name = loss_name

    def forward(self, cls_score: torch.Tensor, label: torch.Tensor,
                weight: Optional[torch.Tensor] = None, ignore_index: int = 255,
                **kwargs) -> torch.Tensor:
        class_weight = cls_score.new_tensor(self.class_weight)
        if class_weight.numel() != cls_score.shape[1]:
            raise ValueError(f'class_weight has {class_weight.numel()} values but the model '
                             f'predicts {cls_score.shape[1]} classes')
        pixel_loss = F.cross_entropy(cls_score, label, weight=class_weight,
                                     ignore_index=ignore_index, reduction='none')
        valid = label != ignore_index
        pixel_weight = class_weight[torch.where(valid, label, 0)] * valid
        if weight is not None:  # optional per-pixel weights (e.g. from a pixel sampler)
            pixel_loss, pixel_weight = pixel_loss * weight, pixel_weight * weight
        return self.loss_weight * pixel_loss.sum() / pixel_weight.sum().clamp(min=1e-12)

    @property
    def loss_name(self) -> str:
        return self._loss_name
