"""A tiny PASCAL-VOC-shaped dataset of coloured shapes, for tests and smoke runs.

Writes the devkit layout MMSegmentation's `PascalVOCDataset` reads:
``<root>/VOCdevkit/VOC2009/{JPEGImages/*.jpg, SegmentationClass/*.png,
ImageSets/Segmentation/{train,val}.txt}``. Masks are palette PNGs like VOC's: the pixel value
is the class index (0 background, 1..20 objects) and a band along every object's outline is
255, the "void" border that training and evaluation ignore. Each class has its own colour, so
a model learns the task within a few iterations.
"""
import io
from pathlib import Path
from typing import Dict, Sequence, Tuple

import cv2
import numpy as np
from mmseg.datasets import PascalVOCDataset

from mmseg_custom.errors import OptionError

from ..file_output import (OutputError, encode_image, encode_palette_png, write_bytes_atomically,
                           write_files_together)
from .output_folders import make_empty_folders, tidy_incomplete

VOC_PALETTE = np.array(PascalVOCDataset.METAINFO['palette'], dtype=np.uint8)
BORDER = 255


def class_colour(label: int) -> np.ndarray:
    """A saturated RGB colour per class, well apart from the grey backgrounds."""
    hue = (label * 37) % 180  # OpenCV hues run over 0..179
    hsv = np.uint8([[[hue, 230, 220]]])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0].astype(np.float32)


def draw_sample(rng: np.random.Generator, size: Tuple[int, int], labels: Sequence[int],
                max_objects: int = 2, border: int = 1) -> Tuple[np.ndarray, np.ndarray]:
    """One RGB uint8 image and its label map (class indices, 255 on object outlines)."""
    height, width = size
    image = rng.normal(110, 20, (height, width, 3)).astype(np.float32)
    mask = np.zeros((height, width), np.uint8)
    outline = np.zeros((height, width), np.uint8)
    for _ in range(rng.integers(1, max_objects + 1)):
        label = int(rng.choice(labels))
        shape = np.zeros((height, width), np.uint8)
        centre = (int(rng.integers(width // 5, 4 * width // 5)),
                  int(rng.integers(height // 5, 4 * height // 5)))
        axes = (int(rng.integers(width // 8, width // 3)),
                int(rng.integers(height // 8, height // 3)))
        cv2.ellipse(shape, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1, -1)
        inside = shape.astype(bool)
        image[inside] = class_colour(label) + rng.normal(0, 12, (inside.sum(), 3))
        mask[inside] = label
        if border:
            kernel = np.ones((2 * border + 1, 2 * border + 1), np.uint8)
            outline |= cv2.morphologyEx(shape, cv2.MORPH_GRADIENT, kernel)
    mask[outline.astype(bool)] = BORDER
    return np.clip(image, 0, 255).astype(np.uint8), mask


def write_palette_png(path: Path, mask: np.ndarray) -> None:
    """Save a label map as VOC does: mode 'P' with the VOC palette (255 drawn white)."""
    write_bytes_atomically(palette_png(mask), path)


def palette_png(mask: np.ndarray) -> bytes:
    """A label map as VOC's palette PNG, in memory."""
    palette = np.zeros((256, 3), np.uint8)
    palette[:len(VOC_PALETTE)] = VOC_PALETTE
    palette[BORDER] = (224, 224, 192)
    return encode_palette_png(mask, palette.ravel().tolist())


def make_voc_devkit(root: Path, splits: Dict[str, int], size: Tuple[int, int] = (64, 80),
                    labels: Sequence[int] = (1, 2, 3), seed: int = 0, border: int = 1) -> Path:
    """Write `splits` ({'train': n, 'val': m}) images under root/VOCdevkit/VOC2009.

    Image names look like VOC's (``2009_000000``); returns the VOC2009 folder, the
    `data_root` of the configs.
    """
    empty = [split for split, count in splits.items() if count < 1]
    if empty or not splits:
        raise OptionError(f'every split needs at least one image, got {dict(splits)}')
    voc = Path(root) / 'VOCdevkit' / 'VOC2009'
    make_empty_folders(*(voc / folder for folder in
                         ('JPEGImages', 'SegmentationClass', 'ImageSets/Segmentation')))
    index = 0
    try:
        for split, count in splits.items():
            names = []
            for _ in range(count):
                name = f'2009_{index:06d}'
                rng = np.random.default_rng([seed, index])
                image, mask = draw_sample(rng, size, labels, border=border)
                image_path = voc / 'JPEGImages' / f'{name}.jpg'
                write_files_together([
                    (image_path, encode_image(cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                                              image_path, 95)),
                    (voc / 'SegmentationClass' / f'{name}.png', palette_png(mask))])
                names.append(name)
                index += 1
            write_bytes_atomically(('\n'.join(names) + '\n').encode(),
                                   voc / 'ImageSets' / 'Segmentation' / f'{split}.txt')
    except OutputError as error:
        raise tidy_incomplete(error, sum(splits.values()), voc / 'JPEGImages',
                              voc / 'SegmentationClass') from None
    return voc


def write_competition_csv(path: Path, ids: Sequence[int], labels: np.ndarray,
                          columns: Sequence[str]) -> None:
    """`Id,<class>,...` rows as the template's pandas DataFrame writes them."""
    lines = ['Id,' + ','.join(columns)]
    lines += [f'{i},' + ','.join(str(int(v)) for v in row) for i, row in zip(ids, labels)]
    write_bytes_atomically(('\n'.join(lines) + '\n').encode(), path)


def npy_bytes(array: np.ndarray) -> bytes:
    """An array in NumPy's .npy format, in memory (written atomically by the caller)."""
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def make_voc_kaggle(root: Path, num_train: int, num_test: int, seed: int = 0,
                    sizes: Tuple[int, int] = (65, 97), labels: Sequence[int] = (1, 2, 3),
                    border: int = 1, columns: Sequence[str] = None) -> Path:
    """Write a folder shaped like the course's Kaggle competition and return it (the configs'
    `data_root`):

        train/train_set.csv, train/img/train_<Id>.npy (RGB), train/seg/train_<Id>.npy
        test/test_set.csv (class columns -1), test/img/test_<Id>.npy

    Ids are distinct integers in shuffled order; every image has its own odd-or-even height
    and width drawn from `sizes`. `columns` gives the CSV's class order (VOC order by
    default); the masks' labels 1..20 follow it, as the competition's do.
    """
    voc = tuple(PascalVOCDataset.METAINFO['classes'][1:])
    columns = tuple(columns or voc)
    to_column = {voc.index(name) + 1: k for k, name in enumerate(columns, start=1)}
    root = Path(root)
    rng = np.random.default_rng(seed)
    ids = rng.permutation(10 * (num_train + num_test))[:num_train + num_test] + 1
    for part, part_ids in (('train', ids[:num_train]), ('test', ids[num_train:])):
        for folder in ('img', 'seg') if part == 'train' else ('img',):
            (root / part / folder).mkdir(parents=True, exist_ok=True)
        rows = []
        for image_id in part_ids:
            sample_rng = np.random.default_rng([seed, int(image_id)])
            size = tuple(int(v) for v in sample_rng.integers(sizes[0], sizes[1] + 1, 2))
            image, mask = draw_sample(sample_rng, size, labels, border=border)
            seg = mask.copy()
            for label, column in to_column.items():
                seg[mask == label] = column
            present = np.zeros(len(columns), np.int64)
            present[[v - 1 for v in np.unique(seg) if 1 <= v <= len(columns)]] = 1
            files = [(root / part / 'img' / f'{part}_{image_id}.npy', npy_bytes(image))]
            if part == 'train':
                files.append((root / part / 'seg' / f'{part}_{image_id}.npy', npy_bytes(seg)))
                rows.append(present)
            else:
                rows.append(-np.ones(len(columns), np.int64))
            write_files_together(files)
        write_competition_csv(root / part / f'{part}_set.csv', part_ids, np.array(rows), columns)
    return root


def main(argv=None) -> int:
    """python -m mmseg_custom.data.voc_synthetic OUT [--train N --test M]: a synthetic
    competition folder, so the guide's commands run without the real data."""
    import argparse
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument('out', type=Path, help='folder to create (must not exist or be empty)')
    parser.add_argument('--train', type=int, default=40, help='train images (default: 40)')
    parser.add_argument('--test', type=int, default=10, help='test images (default: 10)')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        raise SystemExit(f'error: {args.out} is not empty; choose a new folder')
    from mmseg_custom.cli import user_errors
    with user_errors():
        make_voc_kaggle(args.out, args.train, args.test, seed=args.seed)
    print(f'wrote {args.train} train and {args.test} test images to {args.out}')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
