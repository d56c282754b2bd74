"""Training-loop additions: hooks for validation loss and training IoU, CPU mixed precision."""
from .hooks import TrainingIoUHook, ValidationLossHook
from .optim import CpuBf16OptimWrapper

__all__ = ['CpuBf16OptimWrapper', 'TrainingIoUHook', 'ValidationLossHook']
