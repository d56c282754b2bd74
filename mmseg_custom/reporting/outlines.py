"""A picture people would rather look at than a number: images with the predicted mask's
outline beside the same images with the true one."""
from pathlib import Path

import cv2
import numpy as np

from mmseg_custom.errors import InputError
from mmseg_custom.evaluation.binary_scores import Counts
from mmseg_custom.evaluation.mask_files import by_stem, matched_pairs, read_binary
from mmseg_custom.file_output import encode_image, first_dot_stem, write_bytes_atomically
from mmseg_custom.image_io import read_bgr_uint8

PREDICTED = (0, 0, 255)  # BGR red
TRUE = (0, 200, 0)  # BGR green


def draw_outline(image: np.ndarray, mask: np.ndarray, colour) -> np.ndarray:
    """A copy of BGR `image` with the boundary of boolean `mask` drawn in `colour`."""
    out = image.copy()
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_LIST,
                                   cv2.CHAIN_APPROX_NONE)
    cv2.drawContours(out, contours, -1, colour, 1, cv2.LINE_AA)
    return out


def outline_sheet(image_dir: Path, pred_dir: Path, truth_dir: Path, num: int = 4) -> np.ndarray:
    """Rows of [image + predicted outline | image + true outline] for the first `num` images
    by name, each row titled with its IoU; a BGR uint8 array."""
    images = by_stem(Path(image_dir))
    pairs = [(images.get(first_dot_stem(p)), p, t)
             for p, t in matched_pairs(Path(pred_dir), Path(truth_dir))]
    pairs = [row for row in pairs if row[0] is not None][:num]
    if not pairs:
        raise InputError(f'no image in {image_dir} has both a prediction in {pred_dir} and a '
                         f'mask in {truth_dir}')
    rows = []
    for image_path, pred_path, truth_path in pairs:
        image = read_bgr_uint8(image_path)
        pred, truth = read_binary(pred_path), read_binary(truth_path)
        row = np.hstack([draw_outline(image, pred, PREDICTED),
                         np.full((image.shape[0], 8, 3), 255, np.uint8),
                         draw_outline(image, truth, TRUE)])
        title = np.full((22, row.shape[1], 3), 255, np.uint8)
        text = (f'{image_path.name}: predicted (red), IoU {Counts.of(pred, truth).iou:.3f}'
                '  |  true (green)')
        cv2.putText(title, text, (4, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1,
                    cv2.LINE_AA)
        rows.append(np.vstack([title, row]))
    width = max(r.shape[1] for r in rows)
    return np.vstack([np.pad(r, ((0, 0), (0, width - r.shape[1]), (0, 0)),
                             constant_values=255) for r in rows])


def write_outline_sheet(out: Path, image_dir: Path, pred_dir: Path, truth_dir: Path,
                        num: int = 4) -> Path:
    sheet = outline_sheet(image_dir, pred_dir, truth_dir, num)
    # a PNG whatever the name's suffix, as before
    write_bytes_atomically(encode_image(sheet, Path(out).with_suffix('.png')), out)
    return Path(out)
