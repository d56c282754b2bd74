from .image_skip_encoder_decoder import ImageSkipEncoderDecoder
from .segmentor_with_classifier import EncoderDecoderWithClassifier

__all__ = ['EncoderDecoderWithClassifier', 'ImageSkipEncoderDecoder']
