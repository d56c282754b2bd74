from .training_iou import TrainingIoUHook
from .validation_loss import ValidationLossHook

__all__ = ['TrainingIoUHook', 'ValidationLossHook']
