"""Training-loop additions: hooks for validation loss, training IoU, the run record and the
faults of long runs (safe checkpoints, missed validations, a moved work dir), CPU mixed
precision."""
from .hooks import (MissedValidationHook, RunRecordHook, SafeCheckpointHook, TrainingIoUHook,
                    ValidationLossHook, WorkDirGuardHook)
from .optim import CpuBf16OptimWrapper

__all__ = ['CpuBf16OptimWrapper', 'MissedValidationHook', 'RunRecordHook', 'SafeCheckpointHook',
           'TrainingIoUHook', 'ValidationLossHook', 'WorkDirGuardHook']
