from .missed_validation import MissedValidationHook
from .run_record import RunRecordHook
from .safe_checkpoint import SafeCheckpointHook
from .training_iou import TrainingIoUHook
from .validation_loss import ValidationLossHook
from .work_dir_guard import WorkDirGuardHook

__all__ = ['MissedValidationHook', 'RunRecordHook', 'SafeCheckpointHook', 'TrainingIoUHook',
           'ValidationLossHook', 'WorkDirGuardHook']
