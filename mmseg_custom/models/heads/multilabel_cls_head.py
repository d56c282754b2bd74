"""An image-level multi-label classifier over a segmentation backbone's features."""
from typing import List, Sequence

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import nn


def labels_from_masks(masks: torch.Tensor, num_classes: int, first_class: int = 1,
                      ignore_index: int = 255) -> torch.Tensor:
    """(B, num_classes) float 0/1: which of the labels first_class.. occur in each mask.

    The image-level labels of "which classes are in this image", derived from the very masks
    the segmentation loss uses (after the training crop, so both agree on what is visible).
    `ignore_index` pixels count as no class.
    """
    masks = masks.reshape(masks.shape[0], -1).long()
    labels = masks - first_class
    valid = (labels >= 0) & (labels < num_classes) & (masks != ignore_index)
    present = torch.zeros(masks.shape[0], num_classes, device=masks.device)
    rows = torch.arange(masks.shape[0], device=masks.device)[:, None].expand_as(labels)
    present[rows[valid], labels[valid]] = 1.0
    return present


@MODELS.register_module()
class MultiLabelClsHead(nn.Module):
    """Average- and max-pool one backbone level, then a linear layer: one logit per class.

    Max pooling keeps small objects visible, average pooling the large ones. Trained with
    binary cross-entropy against `labels_from_masks`: class k of the head is segmentation
    label `first_class + k` (VOC: the 20 object classes, background left out).
    """

    def __init__(self, in_channels: int, num_classes: int, in_index: int = -1,
                 first_class: int = 1, dropout_ratio: float = 0.1, loss_weight: float = 0.4,
                 ignore_index: int = 255) -> None:
        super().__init__()
        self.in_index, self.num_classes = in_index, num_classes
        self.first_class, self.ignore_index = first_class, ignore_index
        self.loss_weight = loss_weight
        self.dropout = nn.Dropout(dropout_ratio) if dropout_ratio > 0 else nn.Identity()
        self.fc = nn.Linear(2 * in_channels, num_classes)

    def forward(self, features: Sequence[torch.Tensor]) -> torch.Tensor:
        x = features[self.in_index]
        pooled = torch.cat([x.mean(dim=(2, 3)), x.amax(dim=(2, 3))], dim=1)
        return self.fc(self.dropout(pooled))

    def loss(self, features: Sequence[torch.Tensor], masks: torch.Tensor) -> dict:
        """{'loss_cls': weighted BCE, 'acc_cls': exact-match accuracy of the 0.5 threshold}."""
        logits = self.forward(features)
        labels = labels_from_masks(masks, self.num_classes, self.first_class, self.ignore_index)
        loss = F.binary_cross_entropy_with_logits(logits, labels)
        exact = ((logits > 0).float() == labels).all(dim=1).float().mean()
        return dict(loss_cls=self.loss_weight * loss, acc_cls=exact.detach())

    def predict(self, features: Sequence[torch.Tensor]) -> List[torch.Tensor]:
        """Per image, the (num_classes,) probabilities."""
        return list(torch.sigmoid(self.forward(features)))
