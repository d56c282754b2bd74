from .decode_heads import UNetHead

__all__ = ['UNetHead']
from .tta import FlipSwapSegTTAModel  # noqa: E402,F401
