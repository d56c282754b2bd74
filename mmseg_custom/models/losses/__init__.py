from .class_weighted_ce import ClassWeightedCrossEntropyLoss
from .masked_dice_loss import MaskedDiceLoss

__all__ = ['ClassWeightedCrossEntropyLoss', 'MaskedDiceLoss']
