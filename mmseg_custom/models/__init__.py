from .decode_heads import UNetHead

__all__ = ['UNetHead']
