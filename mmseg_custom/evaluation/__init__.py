from .binary_metric import BinaryMetric
from .voc_metrics import KaggleDiceMetric, MultiLabelAPMetric

__all__ = ['BinaryMetric', 'KaggleDiceMetric', 'MultiLabelAPMetric']
