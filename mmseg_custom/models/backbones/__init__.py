from .efficientnet_lite0 import EfficientNetLite0
from .lab_unet import LabUNet

__all__ = ['EfficientNetLite0', 'LabUNet']
