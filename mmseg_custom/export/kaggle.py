"""The VOC 2009 course's Kaggle submission: two rows per image, scored by Dice.

The schema follows the course template's `submit_df_to_competition` (PASCAL VOC 2009, H02A5a group
assignment 2): a CSV with header ``Id,Predicted`` and, for every image ``<id>`` (the file's stem),
two rows

* ``<id>_classification``: the 20-element 0/1 vector "class present" in `VOC_CLASSES` order
  (no background), run-length encoded;
* ``<id>_segmentation``: the stacked masks ``[seg == 1, ..., seg == 20]`` of shape (20, H, W),
  run-length encoded.

The template flattens both with numpy's default row-major order, so the Kaggle ground truth
does too: runs are encoded with ``order='C'`` here (`rle.py` supports both orders). The
competition's score, the mean Dice over all rows, is `mmseg_custom.evaluation.kaggle_dice`.
"""
import csv
from pathlib import Path
from typing import Iterable, List, Sequence, Tuple, Union

import numpy as np

from mmseg_custom.export.rle import rle_encode
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
