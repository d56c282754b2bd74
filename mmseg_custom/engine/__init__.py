"""Training-loop additions: hooks for validation loss and training IoU."""
from .hooks import TrainingIoUHook, ValidationLossHook

__all__ = ['TrainingIoUHook', 'ValidationLossHook']
