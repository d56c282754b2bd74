"""The VOC 2009 course's Kaggle submission: two rows per image, scored by Dice.

The schema follows the course template's `submit_df_to_competition` (PASCAL VOC 2009, H02A5a group
assignment 2): a CSV with header ``Id,Predicted`` and, for every image ``<id>`` (the file's stem),
two rows

* ``<id>_classification``: the 20-element 0/1 vector "class present" in `VOC_CLASSES` order
  (no background), run-length encoded;
* ``<id>_segmentation``: the stacked masks ``[seg == 1, ..., seg == 20]`` of shape (20, H, W),
  run-length encoded.

The template flattens both with numpy's default row-major order, so the Kaggle ground truth
does too: runs are encoded with ``order='C'`` here (`rle.py` supports both orders). Each row
scores the Dice of its predicted and true runs, 1 when both are empty; the leaderboard score
is the mean over all rows.
"""
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple, Union

import numpy as np

from mmseg_custom.errors import InputError
from mmseg_custom.export.rle import rle_encode, rle_runs
from mmseg_custom.file_output import atomic_output

VOC_CLASSES = ('aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair',
               'cow', 'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant',
               'sheep', 'sofa', 'train', 'tvmonitor')
HEADER = ('Id', 'Predicted')
RLE_ORDER = 'C'
CLASSIFICATION, SEGMENTATION = 'classification', 'segmentation'


def classification_row(image_id: str, present: Sequence[int]) -> Tuple[str, str]:
    """The row for a 0/1 vector of present classes (index j is class j + 1 of the mask)."""
    return f'{image_id}_{CLASSIFICATION}', rle_encode(np.asarray(present), order=RLE_ORDER)


def segmentation_row(image_id: str, seg: np.ndarray,
                     num_classes: int = len(VOC_CLASSES)) -> Tuple[str, str]:
    """The row for a label map (0 background, 1..num_classes objects, anything else none)."""
    stacked = np.stack([seg == j + 1 for j in range(num_classes)])
    return f'{image_id}_{SEGMENTATION}', rle_encode(stacked, order=RLE_ORDER)


def image_rows(image_id: str, present: Sequence[int], seg: np.ndarray) -> List[Tuple[str, str]]:
    """Both rows of one image, classification first, as the template writes them."""
    return [classification_row(image_id, present), segmentation_row(image_id, seg, len(present))]


def classes_in_mask(seg: np.ndarray, num_classes: int = len(VOC_CLASSES)) -> np.ndarray:
    """0/1 vector: which of the classes 1..num_classes occur in a label map."""
    present = np.zeros(num_classes, dtype=np.uint8)
    labels = np.unique(seg)
    labels = labels[(labels >= 1) & (labels <= num_classes)]
    present[labels.astype(np.int64) - 1] = 1
    return present


def write_submission(rows: Iterable[Tuple[str, str]], path: Union[str, Path]) -> int:
    """Write rows under the ``Id,Predicted`` header; returns the count.

    The file appears whole or not at all, with the umask's mode (`atomic_output`); an
    unwritable path raises `OutputError` naming it.
    """
    count = 0
    with atomic_output(path) as temporary, temporary.open('w', newline='') as handle:
        writer = csv.writer(handle, lineterminator='\n')  # as pandas writes
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def read_submission(path: Union[str, Path]) -> Dict[str, str]:
    """``{Id: Predicted}`` from a CSV with the ``Id,Predicted`` header.

    Raises InputError naming the file and line on a wrong header, a repeated Id or a
    malformed run-length string (which would otherwise score as a wrong number).
    """
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


# --- the competition's own folders (train/ or test/ with <part>_set.csv and img/*.npy) ---

def competition_part(folder: Union[str, Path]) -> Union[str, None]:
    """'test' for a folder holding test_set.csv (likewise 'train'), else None."""
    folder = Path(folder)
    for part in ('test', 'train'):
        if (folder / f'{part}_set.csv').is_file():
            return part
    return None


def in_column_order(present: np.ndarray, seg: np.ndarray,
                    to_voc: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """A prediction in VOC order (20-vector, label map) in the CSV's column order instead.

    `to_voc[k]` is the VOC label of CSV column k (1-based), as `CompetitionCsv.to_voc` gives.
    """
    to_voc = np.asarray(to_voc, dtype=np.int64)
    from_voc = np.arange(256, dtype=np.int64)
    from_voc[to_voc] = np.arange(256, dtype=np.int64)
    return np.asarray(present)[to_voc[1:len(present) + 1] - 1], from_voc[np.asarray(seg)]


def predict_npy_images(model, paths: Sequence[Path]):
    """Yield, for every .npy RGB image, its prediction (SegDataSample) or a `Failure`.

    The arrays go through the config's test pipeline exactly as decoded files do in
    `mmseg_custom.inference` (RGB turned into the BGR the data preprocessor expects).
    """
    import torch
    from mmengine.dataset import pseudo_collate

    from mmseg_custom.datasets.voc2009_kaggle import read_rgb_npy
    from mmseg_custom.inference import Failure, build_test_pipeline

    pipeline = build_test_pipeline(model.cfg)
    for path in paths:
        try:
            image = np.ascontiguousarray(read_rgb_npy(path)[..., ::-1])
        except InputError as error:
            yield Failure(Path(path), str(error))
            continue
        packed = pipeline(dict(img=image, img_path=str(path)))
        with torch.inference_mode():
            (result,) = model.test_step(pseudo_collate([packed]))
        result.set_metainfo(dict(img_path=str(path)))
        yield result
