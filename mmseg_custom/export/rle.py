"""Run-length encoding of binary masks, as Kaggle's segmentation competitions use it.

Pixels are numbered from 1; a mask becomes "start length start length ..." over its flattened
pixels. The common Kaggle convention numbers pixels top to bottom, then left to right
(column-major, ``order='F'``); ``order='C'`` numbers them left to right, then top to bottom,
which is how the VOC 2009 course template flattens its stacked masks (see `kaggle.py`).
"""
from typing import Sequence

import numpy as np

from mmseg_custom.errors import InputError

ORDERS = ('F', 'C')


def _check_order(order: str) -> None:
    if order not in ORDERS:
        raise ValueError(f'order must be one of {ORDERS}, got {order!r}')


def rle_encode(mask: np.ndarray, order: str = 'F') -> str:
    """Encode a mask of any shape (nonzero = foreground) as 1-based "start length" pairs.

    An empty mask gives the empty string.
    """
    _check_order(order)
    pixels = np.asarray(mask).ravel(order=order) != 0
    padded = np.concatenate([[False], pixels, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])  # 0-based run starts and ends
    starts, ends = edges[0::2], edges[1::2]
    pairs = np.stack([starts + 1, ends - starts], axis=1).ravel()
    return ' '.join(map(str, pairs.tolist()))


def rle_runs(rle: str) -> np.ndarray:
    """The runs of `rle` as 0-based half-open ``[start, end)`` rows, shape (N, 2).

    Raises InputError on a value that is not a whole number, an odd number of values,
    non-positive starts or lengths, or runs that overlap or are out of order: a score or a
    mask computed from such a string would be silently wrong.
    """
    tokens = str(rle).split()
    try:
        values = np.array(tokens, dtype=np.int64)
    except ValueError:
        bad = next((token for token in tokens if not token.lstrip('+-').isdecimal()), rle)
        raise InputError(f'run-length values must be whole numbers, got {bad!r}') from None
    if values.size % 2:
        raise InputError(f'run-length string has an odd number of values ({values.size})')
    starts, lengths = values[0::2] - 1, values[1::2]
    if np.any(starts < 0) or np.any(lengths <= 0):
        raise InputError('run-length starts must be >= 1 and lengths >= 1')
    ends = starts + lengths
    if np.any(starts[1:] < ends[:-1]):
        raise InputError('run-length runs overlap or are not in increasing order')
    return np.stack([starts, ends], axis=1)


def rle_decode(rle: str, shape: Sequence[int], order: str = 'F') -> np.ndarray:
    """The uint8 mask (0/1) of `shape` that `rle_encode(mask, order)` encoded as `rle`.

    Raises InputError on the malformed strings `rle_runs` refuses, or on runs that reach past
    the mask.
    """
    _check_order(order)
    size = int(np.prod(shape))
    runs = rle_runs(rle)
    if runs.size and runs[-1, 1] > size:
        raise InputError(f'a run ends at pixel {runs[-1, 1]}, past the {size} pixels of shape '
                         f'{tuple(shape)}')
    flat = np.zeros(size, dtype=np.uint8)
    for start, end in runs:
        flat[start:end] = 1
    return flat.reshape(tuple(shape), order=order)


def rle_to_indices(rle: str) -> np.ndarray:
    """The 0-based flat indices of the foreground pixels in `rle` (no shape needed)."""
    runs = [np.arange(start, end) for start, end in rle_runs(rle)]
    return np.concatenate(runs) if runs else np.zeros(0, dtype=np.int64)
