from .decode_heads import UNetHead

__all__ = ['UNetHead']
from .heads import MultiLabelClsHead  # noqa: E402
from .losses import MaskedDiceLoss  # noqa: E402
from .segmentors import EncoderDecoderWithClassifier  # noqa: E402

__all__ += ['MultiLabelClsHead', 'MaskedDiceLoss', 'EncoderDecoderWithClassifier']
