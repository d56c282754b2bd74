"""Registered metrics for the VOC 2009 challenge: classification AP and the Kaggle Dice.

Both read `pred_cls_scores` from the predictions of `EncoderDecoderWithClassifier` and
derive the true image labels from the ground-truth masks, as the classifier's training does.
"""
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmseg.registry import METRICS

from mmseg_custom.export.kaggle import classes_in_mask, image_rows
from .kaggle_dice import rle_dice
from .multilabel_scores import per_class_average_precision


def _class_names(dataset_meta: Optional[dict], num_classes: int, first_class: int) -> List[str]:
    names = list((dataset_meta or {}).get('classes', ()))[first_class:first_class + num_classes]
    return names if len(names) == num_classes else [f'class{k}' for k in range(num_classes)]


def _scores_of(sample: dict, num_classes: int, first_class: int) -> np.ndarray:
    """The classifier's probabilities, or 0/1 from the predicted mask for a model without one."""
    if 'pred_cls_scores' in sample:
        return sample['pred_cls_scores'].float().cpu().numpy()
    seg = sample['pred_sem_seg']['data'].squeeze(0).cpu().numpy()
    return classes_in_mask(seg - (first_class - 1), num_classes).astype(float)


@METRICS.register_module()
class MultiLabelAPMetric(BaseMetric):
    """Per-class average precision (`AP.<class>`) and their mean (`mAP`), in percent.

    Classes with no positive image in the evaluated set have no AP and are left out of mAP.
    """
    default_prefix = None

    def __init__(self, num_classes: int = 20, first_class: int = 1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.num_classes, self.first_class = num_classes, first_class

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            truth = sample['gt_sem_seg']['data'].squeeze(0).cpu().numpy()
            labels = classes_in_mask(truth.astype(np.int64) - (self.first_class - 1),
                                     self.num_classes)
            self.results.append((_scores_of(sample, self.num_classes, self.first_class), labels))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        scores = np.stack([r[0] for r in results])
        labels = np.stack([r[1] for r in results])
        ap = per_class_average_precision(scores, labels)
        names = _class_names(self.dataset_meta, self.num_classes, self.first_class)
        metrics = {f'AP.{name}': round(float(v) * 100, 2) for name, v in zip(names, ap)
                   if not np.isnan(v)}
        valid = ap[~np.isnan(ap)]
        metrics['mAP'] = round(float(valid.mean()) * 100, 2) if valid.size else float('nan')
        MMLogger.get_current_instance().info(
            f'AP per class: {metrics}; {int(np.isnan(ap).sum())} classes have no positive image')
        return metrics


@METRICS.register_module()
class KaggleDiceMetric(BaseMetric):
    """The competition's score on a validation set: each image's classification row and
    segmentation row are encoded exactly as `tools/export_kaggle.py` writes them, and scored
    with the Dice of their runs against rows made from the ground-truth mask.

    `kaggle_dice` is the mean over all rows (the leaderboard score), `kaggle_dice_cls` and
    `kaggle_dice_seg` the halves. Ground-truth border pixels (255) belong to no class, as in
    the competition's masks, so a class predicted there counts against the segmentation row.
    A class is predicted present when its probability reaches `threshold`.
    """
    default_prefix = None

    def __init__(self, num_classes: int = 20, first_class: int = 1, threshold: float = 0.5,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.num_classes, self.first_class, self.threshold = num_classes, first_class, threshold

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        shift = self.first_class - 1
        for sample in data_samples:
            truth = sample['gt_sem_seg']['data'].squeeze(0).cpu().numpy().astype(np.int64)
            truth[truth == 255] = -1
            pred = sample['pred_sem_seg']['data'].squeeze(0).cpu().numpy().astype(np.int64)
            scores = _scores_of(sample, self.num_classes, self.first_class)
            present = (scores >= self.threshold).astype(np.uint8)
            true_rows = image_rows('x', classes_in_mask(truth - shift, self.num_classes),
                                   truth - shift)
            pred_rows = image_rows('x', present, pred - shift)
            self.results.append(tuple(rle_dice(p[1], t[1])
                                      for p, t in zip(pred_rows, true_rows)))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        dice = np.array(results, dtype=float)
        return dict(kaggle_dice=round(float(dice.mean()) * 100, 2),
                    kaggle_dice_cls=round(float(dice[:, 0].mean()) * 100, 2),
                    kaggle_dice_seg=round(float(dice[:, 1].mean()) * 100, 2))
