from .masked_dice_loss import MaskedDiceLoss

__all__ = ['MaskedDiceLoss']
