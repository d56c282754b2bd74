from .decode_heads import UNetHead

__all__ = ['UNetHead']
from .backbones import LabUNet  # noqa: E402,F401
