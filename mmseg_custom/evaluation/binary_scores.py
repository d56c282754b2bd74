"""Scores of a binary foreground mask against its ground truth, shared by the metric and tools.

Per-image counts are kept so both of the logo challenge's views come from one pass: the mean
of per-image IoUs (the challenge's score) and the IoU pooled over all pixels.
"""
from dataclasses import dataclass
from typing import Dict, Iterable

import numpy as np


@dataclass(frozen=True)
class Counts:
    """Pixel counts of one image: true/false positives/negatives of the foreground."""
    tp: int
    fp: int
    fn: int
    tn: int

    @classmethod
    def of(cls, pred: np.ndarray, truth: np.ndarray) -> 'Counts':
        pred, truth = np.asarray(pred, bool), np.asarray(truth, bool)
        if pred.shape != truth.shape:
            raise ValueError(f'prediction shape {pred.shape} != ground truth {truth.shape}')
        tp = int(np.count_nonzero(pred & truth))
        fp = int(np.count_nonzero(pred)) - tp
        fn = int(np.count_nonzero(truth)) - tp
        return cls(tp, fp, fn, pred.size - tp - fp - fn)

    @property
    def iou(self) -> float:
        """Foreground IoU; 1.0 when both masks are empty (nothing to find, nothing found)."""
        union = self.tp + self.fp + self.fn
        return self.tp / union if union else 1.0


def summarize(per_image: Iterable[Counts]) -> Dict[str, float]:
    """Mean per-image IoU plus accuracy, precision, recall, F1 and IoU over all pixels.

    Precision when nothing is predicted follows the usual convention: 0 when the truth has
    foreground (a model that predicts nothing found none of it), 1 only when the truth is empty
    too (nothing to find, nothing found, as `Counts.iou`). Recall with no foreground in the
    truth is 1 likewise."""
    per_image = list(per_image)
    if not per_image:
        raise ValueError('no images to score')
    tp, fp, fn, tn = (sum(getattr(c, k) for c in per_image) for k in ('tp', 'fp', 'fn', 'tn'))
    precision = tp / (tp + fp) if tp + fp else (0.0 if fn else 1.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dict(
        image_iou=float(np.mean([c.iou for c in per_image])),
        iou=Counts(tp, fp, fn, tn).iou,
        accuracy=(tp + tn) / (tp + fp + fn + tn),
        precision=precision,
        recall=recall,
        f1=f1,
    )
