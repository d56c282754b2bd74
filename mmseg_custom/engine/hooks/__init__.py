from .run_record import RunRecordHook
from .training_iou import TrainingIoUHook
from .validation_loss import ValidationLossHook

__all__ = ['RunRecordHook', 'TrainingIoUHook', 'ValidationLossHook']
