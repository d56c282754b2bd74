"""Training-loop additions: hooks for validation loss, training IoU and the run record, CPU
mixed precision."""
from .hooks import RunRecordHook, TrainingIoUHook, ValidationLossHook
from .optim import CpuBf16OptimWrapper

__all__ = ['CpuBf16OptimWrapper', 'RunRecordHook', 'TrainingIoUHook', 'ValidationLossHook']
