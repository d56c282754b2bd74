"""The one check of label values, for every dataset and tool that reads class-index masks.

A value outside the class range otherwise surfaces far from its cause (`IndexError: Target 50
is out of bounds` in the loss, or a silently wrong score); here it names the file and the value.
"""
from typing import Optional

import numpy as np
from PIL import Image

from mmseg_custom.errors import InputError


def check_label_values(mask: np.ndarray, path, num_classes: int,
                       ignore_index: Optional[int] = 255, kind: str = '') -> None:
    """Refuse a mask that is not single-channel or holds a value outside 0..num_classes-1
    (`ignore_index` excepted), naming the file and the first bad value."""
    kind = f'{kind} ' if kind else ''
    if mask.ndim != 2:
        raise InputError(f'mask {path} has {mask.shape[2]} channels; {kind}masks must be '
                         'single-channel (grey or palette) images of class indices')
    values = np.unique(mask)
    bad = values[(values < 0) | (values >= num_classes)]
    if ignore_index is not None:
        bad = bad[bad != ignore_index]
    if bad.size:
        allowed = f'0..{num_classes - 1}'
        if ignore_index is not None:
            allowed += f' (and {ignore_index}, ignored)'
        raise InputError(f'mask {path} holds the value {bad[0]}, but {kind}labels are '
                         f'{allowed}; fix or remove this mask')


def read_label_map(path, num_classes: int, ignore_index: Optional[int] = 255,
                   kind: str = '') -> np.ndarray:
    """Class indices of a grey or palette PNG (pillow keeps palette indices), checked by
    `check_label_values`; an unreadable file is an InputError naming it."""
    try:
        with Image.open(path) as image:
            labels = np.array(image)
    except OSError as error:
        raise InputError(f'cannot read mask {path}: {error}') from error
    check_label_values(labels, path, num_classes, ignore_index=ignore_index, kind=kind)
    return labels
