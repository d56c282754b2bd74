from .flip_swap_tta import FlipSwapSegTTAModel
from .mean_probability_tta import MeanProbabilityTTAModel

__all__ = ['FlipSwapSegTTAModel', 'MeanProbabilityTTAModel']
