from .binary_metric import BinaryMetric

__all__ = ['BinaryMetric']
