from .binary_metric import BinaryMetric

__all__ = ['BinaryMetric']
from .voc_metrics import KaggleDiceMetric, MultiLabelAPMetric  # noqa: E402

__all__ += ['KaggleDiceMetric', 'MultiLabelAPMetric']
