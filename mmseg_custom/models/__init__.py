from .backbones import LabUNet
from .decode_heads import UNetHead
from .heads import MultiLabelClsHead
from .losses import ClassWeightedCrossEntropyLoss, MaskedDiceLoss
from .segmentors import EncoderDecoderWithClassifier
from .tta import FlipSwapSegTTAModel

__all__ = ['ClassWeightedCrossEntropyLoss', 'EncoderDecoderWithClassifier', 'FlipSwapSegTTAModel',
           'LabUNet', 'MaskedDiceLoss', 'MultiLabelClsHead', 'UNetHead']
