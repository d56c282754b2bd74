"""A registered metric for binary (background / foreground) segmentation."""
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmseg.registry import METRICS

from mmseg_custom.file_output import prepare_folder, write_image_atomically

from .binary_scores import Counts, summarize


@METRICS.register_module()
class BinaryMetric(BaseMetric):
    """Foreground scores: mean per-image IoU (`image_iou`), and over all pixels `iou`,
    `accuracy`, `precision`, `recall`, `f1`. Pixels labelled `ignore_index` are left out.
    Precision is 0 for a model that predicts no foreground where the truth has some.

    With `output_dir`, each prediction is also written there as `<image stem>.png` (0/255),
    whole or absent; a write the disk refuses is an OutputError naming the file.
    """
    default_prefix = None

    def __init__(self, foreground: int = 1, ignore_index: int = 255,
                 output_dir: Optional[str] = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.foreground = foreground
        self.ignore_index = ignore_index
        self.output_dir = output_dir
        if output_dir:
            prepare_folder(output_dir)

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            pred = sample['pred_sem_seg']['data'].squeeze(0).cpu().numpy() == self.foreground
            if self.output_dir:
                stem = osp.splitext(osp.basename(sample['img_path']))[0]
                write_image_atomically(pred.astype(np.uint8) * 255,
                                       osp.join(self.output_dir, f'{stem}.png'))
            truth = sample['gt_sem_seg']['data'].squeeze(0).cpu().numpy()
            valid = truth != self.ignore_index
            self.results.append(Counts.of(pred[valid], truth[valid] == self.foreground))

    def compute_metrics(self, results: List[Counts]) -> Dict[str, float]:
        return {k: round(v * 100, 2) for k, v in summarize(results).items()}
