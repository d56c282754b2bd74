"""Mask files matched to their ground truth by stem, as the logo challenge's scorer does."""
from pathlib import Path

import cv2
import numpy as np

from mmseg_custom.errors import InputError
from mmseg_custom.file_output import first_dot_stem, refuse_shared_names
from mmseg_custom.image_io import IMAGE_SUFFIXES
from mmseg_custom.transforms.binary_annotations import binary_labels


def read_binary(path: Path) -> np.ndarray:
    mask = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if mask is None:
        raise InputError(f'cannot read mask {path}')
    return binary_labels(mask, path).astype(bool)


def by_stem(folder: Path) -> dict:
    """{stem: mask file} of a folder's images (hidden files left out); two files with one
    stem would make the match ambiguous and are refused, naming both."""
    masks = [p for p in sorted(folder.iterdir()) if p.is_file() and
             p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith('.')]
    return refuse_shared_names(masks, first_dot_stem, 'name (before the first dot)')


def matched_pairs(pred_dir: Path, mask_dir: Path) -> list:
    """(prediction, ground truth) paths by stem; a missing prediction is an error naming it."""
    predictions, truths = by_stem(pred_dir), by_stem(mask_dir)
    if not truths:
        raise InputError(f'no masks in {mask_dir}')
    missing = sorted(set(truths) - set(predictions))
    if missing:
        raise InputError(f'{len(missing)} prediction(s) missing in {pred_dir}, '
                         f'e.g. for {truths[missing[0]].name}')
    return [(predictions[stem], truths[stem]) for stem in truths]
