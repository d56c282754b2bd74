from .flip_swap_tta import FlipSwapSegTTAModel

__all__ = ['FlipSwapSegTTAModel']
