from .refined_unet_head import RefinedUNetHead
from .unet_head import UNetHead

__all__ = ['RefinedUNetHead', 'UNetHead']
