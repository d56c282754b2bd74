"""Multi-class mIoU over a set of mask files, the course's way (CelebAMask face parsing, AI6126
project 1's evaluate.py): intersection and union of every class summed over the whole set, IoU per
class, then the mean over the classes. The arithmetic is MMSegmentation's `IoUMetric`, so the figure
equals tools/test.py's mIoU on the same predictions (a class absent from both prediction and ground
truth everywhere has no IoU and is left out of the mean, as there).
"""
from typing import Dict, Sequence

import numpy as np
import torch
from mmseg.evaluation.metrics import IoUMetric

from mmseg_custom.errors import InputError

from ..label_checks import read_label_map


def set_miou(pairs: Sequence[tuple], num_classes: int, ignore_index: int = 255) -> Dict:
    """mIoU and per-class IoU (fractions) of (prediction path, ground-truth path) pairs."""
    totals = [torch.zeros(num_classes, dtype=torch.float64) for _ in range(4)]
    for pred_path, truth_path in pairs:
        pred = read_label_map(pred_path, num_classes, ignore_index)
        truth = read_label_map(truth_path, num_classes, ignore_index)
        if pred.shape != truth.shape:
            raise InputError(f'prediction {pred_path} is {pred.shape[1]}x{pred.shape[0]} but '
                             f'mask {truth_path} is {truth.shape[1]}x{truth.shape[0]}')
        areas = IoUMetric.intersect_and_union(torch.from_numpy(pred.astype(np.int64)),
                                              torch.from_numpy(truth.astype(np.int64)),
                                              num_classes, ignore_index)
        for total, area in zip(totals, areas):
            total += area.double()
    metrics = IoUMetric.total_area_to_metrics(*totals, metrics=['mIoU'])
    per_class = np.asarray(metrics['IoU'], dtype=float)
    return dict(miou=float(np.nanmean(per_class)), per_class_iou=per_class)
