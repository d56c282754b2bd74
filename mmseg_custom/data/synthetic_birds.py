"""Synthetic bird-like photographs in the CUB-200-2011 layout, for tests and CPU experiments.

A bird is a textured body ellipse, a wing, a head with an eye, a thin beak and a tail over a
sky-and-foliage background, at a random pose and scale. The mask is drawn at 4x and shrunk, so
its edges are soft (0..255), like CUB's. Some images are saved grayscale, as in the bird
segmentation assignment's data.
Image `i` comes from a generator seeded with (seed, i): the output does not depend on order.
"""
from pathlib import Path
from typing import List, Tuple

import cv2
import numpy as np
from tqdm import tqdm

from mmseg_custom.errors import OptionError

from ..file_output import OutputError, encode_image, write_bytes_atomically, write_files_together
from .output_folders import make_empty_folders, tidy_incomplete

SPECIES = ('001.Synthetic_Sparrow', '002.Synthetic_Jay', '003.Synthetic_Oriole')
_SUPERSAMPLE = 4


def _background(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A vertical sky gradient with blurred foliage blobs and a few branches (BGR uint8)."""
    top, bottom = rng.uniform(90, 255, 3), rng.uniform(40, 220, 3)
    ramp = np.linspace(0, 1, height)[:, None, None]
    image = (top * (1 - ramp) + bottom * ramp) * np.ones((1, width, 1))
    foliage = np.zeros((height, width, 3))
    for _ in range(rng.integers(3, 9)):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        axes = (int(rng.integers(width // 10, width // 3)),
                int(rng.integers(height // 10, height // 3)))
        cv2.ellipse(foliage, centre, axes, float(rng.uniform(0, 180)), 0, 360,
                    rng.uniform(0, 200, 3).tolist(), -1)
    foliage = cv2.GaussianBlur(foliage, (0, 0), max(height, width) / 30)
    weight = (foliage.sum(axis=2, keepdims=True) > 0) * 0.7
    image = image * (1 - weight) + foliage * weight
    for _ in range(rng.integers(0, 3)):
        start = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        end = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.line(image, start, end, rng.uniform(20, 90, 3).tolist(), int(rng.integers(2, 6)))
    image += rng.normal(0, 8, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


def _bird_shapes(rng: np.random.Generator, height: int, width: int):
    """Polygons/ellipses of one bird in supersampled pixel units, with their colours."""
    s = _SUPERSAMPLE
    scale = rng.uniform(0.18, 0.32) * min(height, width) * s
    cx = rng.uniform(0.35, 0.65) * width * s
    cy = rng.uniform(0.4, 0.65) * height * s
    facing = 1 if rng.random() < 0.5 else -1
    tilt = rng.uniform(-25, 25)
    body = rng.uniform(30, 230, 3)
    shapes = []
    # tail: a wedge behind the body
    back = np.array([cx - facing * scale * 0.9, cy + scale * 0.1])
    tail = np.array([back, back + [-facing * scale * 0.9, scale * rng.uniform(0.1, 0.6)],
                     back + [-facing * scale * 0.8, scale * rng.uniform(0.6, 0.9)]])
    shapes.append(('poly', tail, body * 0.7))
    shapes.append(('ellipse', ((cx, cy), (scale * 2.0, scale * 1.1), tilt), body))
    shapes.append(('ellipse', ((cx - facing * scale * 0.15, cy - scale * 0.05),
                               (scale * 1.3, scale * 0.55), tilt + facing * 15),
                   rng.uniform(20, 235, 3)))
    head = np.array([cx + facing * scale * 0.95, cy - scale * 0.55])
    head_radius = scale * rng.uniform(0.32, 0.45)
    shapes.append(('ellipse', (tuple(head), (head_radius * 2, head_radius * 2), 0), body * 0.9))
    tip = head + [facing * head_radius * rng.uniform(1.6, 2.2),
                  head_radius * rng.uniform(-0.1, 0.4)]
    beak = np.array([head + [facing * head_radius * 0.8, -head_radius * 0.25], tip,
                     head + [facing * head_radius * 0.8, head_radius * 0.25]])
    shapes.append(('poly', beak, rng.uniform(0, 255, 3)))
    eye = (head + [facing * head_radius * 0.4, -head_radius * 0.2], head_radius * 0.18)
    return shapes, eye


def draw_bird(rng: np.random.Generator, height: int, width: int) -> Tuple[np.ndarray, np.ndarray]:
    """One BGR image and its soft mask (uint8, 0..255, foreground where > 127)."""
    s = _SUPERSAMPLE
    big_image = cv2.resize(_background(rng, height, width), (width * s, height * s),
                           interpolation=cv2.INTER_LINEAR).astype(np.float64)
    big_mask = np.zeros((height * s, width * s), np.uint8)
    shapes, (eye_centre, eye_radius) = _bird_shapes(rng, height, width)
    texture = rng.normal(0, 18, big_image.shape)
    for kind, geometry, colour in shapes:
        layer = np.zeros(big_mask.shape, np.uint8)
        if kind == 'poly':
            cv2.fillPoly(layer, [np.round(geometry).astype(np.int32)], 255)
        else:
            (x, y), (w, h), angle = geometry
            cv2.ellipse(layer, ((float(x), float(y)), (float(w), float(h)), float(angle)), 255, -1)
        inside = layer > 0
        big_image[inside] = np.asarray(colour) + texture[inside]
        big_mask |= layer
    cv2.circle(big_image, tuple(int(v) for v in eye_centre), max(1, int(eye_radius)),
               (10, 10, 10), -1)
    image = cv2.resize(np.clip(big_image, 0, 255).astype(np.uint8), (width, height),
                       interpolation=cv2.INTER_AREA)
    mask = cv2.resize(big_mask, (width, height), interpolation=cv2.INTER_AREA)
    return image, mask


def make_birds_dataset(out_dir, num: int, seed: int = 0, mask_folder: str = 'segmentations',
                       size_range: Tuple[int, int] = (96, 160), gray_fraction: float = 0.15,
                       progress: bool = True) -> List[str]:
    """Write `num` images to out_dir/images/<species>/<name>.jpg and soft masks to
    out_dir/<mask_folder>/<species>/<name>.png, plus a CUB-style images.txt; returns the
    relative image names (without suffix)."""
    if num < 1:
        raise OptionError(f'--num must be at least 1, got {num}')
    low, high = size_range
    if not 32 <= low <= high:
        raise OptionError(f'size range must satisfy 32 <= low <= high, got {size_range}')
    out_dir = Path(out_dir)
    make_empty_folders(out_dir / 'images', out_dir / mask_folder)
    names = []
    try:
        for index in tqdm(range(num), desc='birds', disable=not progress):
            rng = np.random.default_rng([seed, index])
            species = SPECIES[index % len(SPECIES)]
            height, width = (int(v) for v in rng.integers(low, high + 1, 2))
            image, mask = draw_bird(rng, height, width)
            if rng.random() < gray_fraction:
                image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            name = f'{species}/{species.split(".")[1]}_{seed:04d}_{index:05d}'
            image_path = out_dir / 'images' / f'{name}.jpg'
            mask_path = out_dir / mask_folder / f'{name}.png'
            write_files_together([(image_path, encode_image(image, image_path, 95)),
                                  (mask_path, encode_image(mask, mask_path))])
            names.append(name)
    except OutputError as error:
        raise tidy_incomplete(error, num, out_dir / 'images', out_dir / mask_folder) from None
    write_bytes_atomically(
        ''.join(f'{i + 1} {name}.jpg\n' for i, name in enumerate(names)).encode(),
        out_dir / 'images.txt')
    return names
