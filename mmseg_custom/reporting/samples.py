"""Sample predictions for a report: every image scored against its mask through the one
inference path (mmseg_custom/inference.py), the best and the worst drawn beside their masks."""
from pathlib import Path
from typing import List, Optional

import numpy as np
from PIL import Image

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

from mmseg_custom.errors import InputError  # noqa: E402
from mmseg_custom.evaluation.binary_scores import Counts  # noqa: E402
from mmseg_custom.file_output import refuse_shared_names, write_figure_atomically  # noqa: E402
from mmseg_custom.image_io import (ARRAY_SUFFIX, IMAGE_SUFFIXES, UnreadableImageError,  # noqa: E402,E501
                                   read_bgr_uint8, read_npy, require_images)
from mmseg_custom.inference import Failure, load_model, predict_files  # noqa: E402
from .document import Block, Figure, Heading, Paragraph, Table  # noqa: E402


def read_truth(path: Path, binary: bool) -> np.ndarray:
    """A mask as class indices (255 ignored); a binary mask saved as 0/255 becomes 0/1.
    A `.npy` mask (the VOC 2009 course's) holds the indices as they are."""
    try:
        mask = read_npy(path) if path.suffix.lower() == ARRAY_SUFFIX \
            else np.array(Image.open(path))
    except (OSError, UnreadableImageError) as error:
        raise InputError(f'cannot read mask {path}: {error}') from error
    if mask.ndim == 3:
        mask = mask[..., 0]
    if binary and mask.max() > 1:
        mask = (mask > 127).astype(np.uint8)
    return mask


def image_score(pred: np.ndarray, truth: np.ndarray, binary: bool) -> float:
    """Foreground IoU (binary) or the mean IoU over the classes in either mask."""
    valid = truth != 255
    if binary:
        return Counts.of(pred[valid] == 1, truth[valid] == 1).iou
    pred, truth = pred[valid], truth[valid]
    ious = [np.logical_and(pred == c, truth == c).sum() / np.logical_or(pred == c, truth == c).sum()
            for c in np.union1d(np.unique(pred), np.unique(truth))]
    return float(np.mean(ious)) if ious else 1.0


def colour(mask: np.ndarray, palette) -> np.ndarray:
    table = np.zeros((256, 3), np.uint8)
    table[:len(palette)] = np.array(palette, np.uint8)[:256]
    table[255] = (255, 255, 255)
    return table[mask]


def _draw(rows: list, palette, target: Path, title: str) -> None:
    figure, axes = plt.subplots(len(rows), 3, figsize=(9, 3 * len(rows)), squeeze=False)
    for line, (path, score, pred, truth) in zip(axes, rows):
        image = read_bgr_uint8(path)[..., ::-1]
        for axis, picture, name in zip(line, (image, colour(truth, palette),
                                              colour(pred, palette)),
                                       (path.name, 'ground truth', f'prediction ({score:.3f})')):
            axis.imshow(picture)
            axis.set_title(name, fontsize=9)
            axis.axis('off')
    figure.suptitle(title)
    figure.tight_layout()
    try:
        write_figure_atomically(figure, target, dpi=60)
    finally:
        plt.close(figure)


def sample_blocks(cfg, checkpoint: Optional[Path], images: Path, masks: Path, out: Path,
                  figures: List[Path], device: str = 'cpu', count: int = 3) -> List[Block]:
    """Score every image (in `images` or its subfolders) that has a mask of the same name
    (and subfolder) in `masks`; draw the `count` best and worst."""
    blocks: List[Block] = [Heading('Sample predictions')]
    if checkpoint is None:
        return blocks + [Paragraph('No checkpoint, so no predictions.')]
    readable = IMAGE_SUFFIXES | {ARRAY_SUFFIX}
    paths = sorted(p for p in images.rglob('*') if p.suffix.lower() in readable)
    if not paths:
        require_images(images)  # raises, saying what was looked for

    def key(root):  # the path below the folder, without its suffix (birds: class/name)
        return lambda p: p.relative_to(root).with_suffix('').as_posix()

    by_key = refuse_shared_names(paths, key(images), 'image name')
    truths = refuse_shared_names(sorted(p for p in masks.rglob('*') if p.is_file()),
                                 key(masks), 'mask name')
    paired = [p for name, p in by_key.items() if name in truths]
    if not paired:
        raise InputError(f'no image in {images} has a mask of the same name in {masks}')
    model = load_model(cfg, checkpoint, device=device)
    classes = model.dataset_meta.get('classes') or ()
    palette = model.dataset_meta.get('palette') or [(0, 0, 0), (255, 255, 255)]
    binary = len(classes) <= 2
    scored = []
    for result in predict_files(model, paired, num_workers=0):
        if isinstance(result, Failure):
            raise InputError(f'cannot read {result.path}: {result.reason}')
        path = Path(result.img_path)
        pred = result.pred_sem_seg.data[0].cpu().numpy().astype(np.uint8)
        mask_path = truths[key(images)(path)]
        truth = read_truth(mask_path, binary)
        if truth.shape != pred.shape:
            raise InputError(f'mask {mask_path} is {truth.shape[1]}x{truth.shape[0]} '
                             f'but its image {path} is {pred.shape[1]}x{pred.shape[0]}')
        scored.append((path, image_score(pred, truth, binary), pred, truth))
    scored.sort(key=lambda item: (-item[1], item[0].name))
    name = 'IoU' if binary else 'mean IoU over the classes present'
    blocks.append(Paragraph(
        f'{len(scored)} images of {images} scored against {masks} with {checkpoint.name} '
        f'(per-image {name}; mean {np.mean([s for _, s, _, _ in scored]):.3f}).'))
    for label, chosen in (('best', scored[:count]), ('worst', scored[::-1][:count])):
        target = out / f'samples_{label}.png'
        _draw(chosen, palette, target, f'{label} {len(chosen)} of {len(scored)}')
        figures.append(target)
        blocks.append(Table(['image', name], [(p.name, f'{s:.3f}') for p, s, _, _ in chosen]))
        blocks.append(Figure(target, f'The {label} predictions: image, ground truth, '
                                     'prediction'))
    return blocks
