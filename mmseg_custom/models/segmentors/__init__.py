from .segmentor_with_classifier import EncoderDecoderWithClassifier

__all__ = ['EncoderDecoderWithClassifier']
