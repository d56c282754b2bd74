from .backbones import EfficientNetLite0, LabUNet
from .decode_heads import RefinedUNetHead, UNetHead
from .heads import MultiLabelClsHead
from .losses import MaskedDiceLoss
from .segmentors import EncoderDecoderWithClassifier, ImageSkipEncoderDecoder
from .tta import FlipSwapSegTTAModel, MeanProbabilityTTAModel

__all__ = ['EfficientNetLite0', 'EncoderDecoderWithClassifier',
           'FlipSwapSegTTAModel',
           'ImageSkipEncoderDecoder', 'LabUNet', 'MaskedDiceLoss', 'MeanProbabilityTTAModel',
           'MultiLabelClsHead', 'RefinedUNetHead', 'UNetHead']
