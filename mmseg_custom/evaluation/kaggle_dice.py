"""The VOC 2009 Kaggle competition's score: every row of a submission scored by the Dice of its
run-length runs against the ground truth's row of the same Id (1 when both are empty), averaged
over all rows (the leaderboard score) and over each half (classification, segmentation).

The rows are those `mmseg_custom.export.kaggle` writes; `tools/score_kaggle.py` prints the score
of two files, and `KaggleDiceMetric` computes it during validation.
"""
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Union

import numpy as np

from mmseg_custom.errors import InputError
from mmseg_custom.export.kaggle import CLASSIFICATION, HEADER, SEGMENTATION
from mmseg_custom.export.rle import rle_runs


def read_submission(path: Union[str, Path]) -> Dict[str, str]:
    """``{Id: Predicted}`` from a CSV with the ``Id,Predicted`` header.

    Raises InputError naming the file and line on a wrong header, a repeated Id or a
    malformed run-length string (which would otherwise score as a wrong number).
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f'{path} does not exist')
    rows: Dict[str, str] = {}
    with Path(path).open(newline='') as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader, ()))
        if header != HEADER:
            raise InputError(f'{path}: expected the header {",".join(HEADER)}, got '
                             f'{",".join(header) or "an empty file"}')
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != 2:
                raise InputError(f'{path}, line {line}: expected 2 columns, got {len(row)}')
            if row[0] in rows:
                raise InputError(f'{path}, line {line}: Id {row[0]} appears twice')
            try:
                rle_runs(row[1])
            except InputError as error:
                raise InputError(f'{path}, line {line}, Id {row[0]}: {error}') from None
            rows[row[0]] = row[1]
    return rows


def rle_dice(predicted: str, truth: str) -> float:
    """Dice of two run-length strings, computed on their runs (no shape needed).

    Both empty gives 1, one empty gives 0; a malformed string is an InputError (`rle_runs`).
    """
    a, b = rle_runs(predicted), rle_runs(truth)
    total = (a[:, 1] - a[:, 0]).sum() + (b[:, 1] - b[:, 0]).sum()
    if total == 0:
        return 1.0
    overlap, i, j = 0, 0, 0
    while i < len(a) and j < len(b):  # sweep both sorted run lists
        overlap += max(0, min(a[i, 1], b[j, 1]) - max(a[i, 0], b[j, 0]))
        if a[i, 1] < b[j, 1]:
            i += 1
        else:
            j += 1
    return float(2 * overlap / total)


@dataclass
class SubmissionScore:
    """The leaderboard score (mean over all rows) and its two halves."""
    dice: float
    classification_dice: float
    segmentation_dice: float
    rows: int


def score_rows(predicted: Dict[str, str], truth: Dict[str, str]) -> SubmissionScore:
    """Score predicted rows against the ground truth's; a missing prediction is an error."""
    missing = sorted(set(truth) - set(predicted))
    if missing:
        raise InputError(f'{len(missing)} ground-truth Ids have no prediction, e.g. '
                         f'{", ".join(missing[:3])}')
    if not truth:
        raise InputError('the ground truth has no rows')
    kinds = tuple('_' + kind for kind in (CLASSIFICATION, SEGMENTATION))
    foreign = [key for key in truth if not key.endswith(kinds)]
    if foreign:
        raise InputError(f'ground-truth Ids must end in {" or ".join(kinds)}, got '
                         f'{", ".join(foreign[:3])}')
    scores = {key: rle_dice(predicted[key], value) for key, value in truth.items()}

    def mean_of(suffix: str) -> float:
        values = [v for k, v in scores.items() if k.endswith('_' + suffix)]
        return float(np.mean(values)) if values else float('nan')

    return SubmissionScore(float(np.mean(list(scores.values()))), mean_of(CLASSIFICATION),
                           mean_of(SEGMENTATION), len(scores))
