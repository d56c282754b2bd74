from .decode_heads import UNetHead

__all__ = ['UNetHead']
from .tta import FlipSwapSegTTAModel  # noqa: E402,F401
from .losses import ClassWeightedCrossEntropyLoss  # noqa: E402,F401
from .backbones import LabUNet  # noqa: E402,F401
