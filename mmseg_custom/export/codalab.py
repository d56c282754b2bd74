"""CodaLab submissions: one zip holding one subfolder of <stem>.png masks of class indices.

The face-parsing course (CelebAMask face parsing, AI6126 project 1) scores 512x512 PNG masks of
values 0..18, named like the test images (100.jpg -> 100.png), and refuses uploads above 30 MB. The
zip is written through `file_output.atomic_output`: it appears, with the umask's mode, only when it
is complete and small enough.
"""
import os
import zipfile
from pathlib import Path
from typing import Iterable, Optional, Tuple, Union

import cv2
import numpy as np

from mmseg_custom.errors import UserError
from mmseg_custom.file_output import atomic_output

CODALAB_MAX_BYTES = 30 * 1000 * 1000  # the competition page's "30 megabyte(s)"


class SubmissionError(UserError):
    """A submission that CodaLab would reject (or score wrongly); nothing was written."""


def face_mask_name(image_path: Union[str, Path]) -> str:
    """The name the course's scorer looks for the mask of an image under: its stem with .png
    (100.jpg -> 100.png), for infer.py's masks and the CodaLab zip alike."""
    return Path(image_path).stem + '.png'


def encode_mask_png(labels: np.ndarray, num_classes: int, name: str,
                    size: Optional[Tuple[int, int]] = None) -> bytes:
    """8-bit single-channel PNG bytes of a (H, W) label map, checked for range and size."""
    labels = np.asarray(labels)
    if labels.ndim != 2:
        raise SubmissionError(f'mask {name} has shape {labels.shape}; masks must be (H, W)')
    if size is not None and labels.shape != tuple(size):
        raise SubmissionError(f'mask {name} is {labels.shape[1]}x{labels.shape[0]} but the '
                              f'competition wants {size[1]}x{size[0]}; predict on images of '
                              'that size or pass another --size')
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise SubmissionError(f'mask {name} holds values {labels.min()}..{labels.max()}, '
                              f'outside 0..{num_classes - 1}')
    ok, encoded = cv2.imencode('.png', labels.astype(np.uint8))
    if not ok:
        raise SubmissionError(f'cannot encode mask {name} as PNG')
    return encoded.tobytes()


def write_codalab_zip(masks: Iterable[Tuple[str, np.ndarray]], out_zip, folder: str = 'masks',
                      num_classes: int = 19, size: Optional[Tuple[int, int]] = (512, 512),
                      max_bytes: int = CODALAB_MAX_BYTES) -> int:
    """Zip (file name, label map) pairs as <folder>/<file name>; returns the number written.

    Raises SubmissionError (and leaves no zip behind) on a bad mask, a repeated name, or a
    zip larger than `max_bytes`.
    """
    out_zip = Path(out_zip)
    names = set()
    with atomic_output(out_zip, suffix='.zip') as temporary:
        with zipfile.ZipFile(temporary, 'w', compression=zipfile.ZIP_DEFLATED) as archive:
            for name, labels in masks:
                if name in names:
                    raise SubmissionError(f'two images give the mask {name}; file names must '
                                          'differ in more than their extension')
                names.add(name)
                archive.writestr(f'{folder}/{name}',
                                 encode_mask_png(labels, num_classes, name, size))
        if not names:
            raise SubmissionError('no masks to write')
        written = os.path.getsize(temporary)
        if written > max_bytes:
            raise SubmissionError(f'the zip would be {written / 1e6:.2f} MB, above CodaLab\'s '
                                  f'limit of {max_bytes / 1e6:.2f} MB; {out_zip} was not written')
    return len(names)
