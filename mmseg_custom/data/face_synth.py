"""Face-like synthetic images for tests and CPU demos of the 19-class face parser.

Ellipses and bands stand for the parts of a CelebAMask-HQ face, painted back to front (cloth,
neck, hair, ears, skin, brows, eyes, nose, lips, then the optional glasses, hat, earrings and
necklace). The classes named "left" (4 left eye, 6 left brow, 8 left ear) are always drawn on
the image's left half and the "right" ones on its right, so a horizontal flip must swap them.
Both eyes share one colour: only their place tells left from right, as in real faces.
"""
from pathlib import Path
from typing import Tuple

import cv2
import numpy as np

from mmseg_custom.data.output_folders import make_empty_folders, tidy_incomplete
from mmseg_custom.file_output import (OutputError, encode_image, encode_palette_png,
                                      write_bytes_atomically, write_files_together)
from mmseg_custom.datasets.celebamask import FACE_PALETTE
from mmseg_custom.errors import OptionError

# A base BGR colour per class, jittered per image; 0 (background) gets a random gradient.
_COLOURS = {1: (150, 180, 225), 2: (120, 150, 200), 3: (40, 40, 40), 4: (60, 40, 30),
            5: (60, 40, 30), 6: (30, 50, 70), 7: (30, 50, 70), 8: (140, 170, 215),
            9: (140, 170, 215), 10: (40, 30, 90), 11: (90, 80, 190), 12: (100, 100, 210),
            13: (30, 60, 100), 14: (160, 60, 60), 15: (0, 215, 255), 16: (200, 200, 210),
            17: (130, 160, 205), 18: (90, 140, 60)}


class _Painter:
    """Paints labelled shapes into an image and its mask, in normalised coordinates."""

    def __init__(self, size: int, rng: np.random.Generator, centre_x: float, scale: float):
        self.size, self.rng, self.centre_x, self.scale = size, rng, centre_x, scale
        self.mask = np.zeros((size, size), np.uint8)
        self.colours = {label: np.clip(np.array(bgr) + rng.integers(-25, 26, 3), 0, 255)
                        for label, bgr in _COLOURS.items()}

    def _px(self, x: float, y: float) -> Tuple[int, int]:
        return (round((self.centre_x + (x - 0.5) * self.scale) * self.size),
                round((0.5 + (y - 0.5) * self.scale) * self.size))

    def _len(self, value: float) -> int:
        return max(1, round(value * self.scale * self.size))

    def ellipse(self, label: int, x: float, y: float, ax: float, ay: float, angle: float = 0,
                start: int = 0, end: int = 360, thickness: int = -1) -> None:
        cv2.ellipse(self.mask, self._px(x, y), (self._len(ax), self._len(ay)), angle, start,
                    end, label, thickness)

    def rectangle(self, label: int, x0: float, y0: float, x1: float, y1: float) -> None:
        cv2.rectangle(self.mask, self._px(x0, y0), self._px(x1, y1), label, -1)

    def render(self) -> np.ndarray:
        """BGR image: a background gradient, class colours where labelled, sensor noise."""
        top, bottom = self.rng.integers(40, 230, 3), self.rng.integers(40, 230, 3)
        ramp = np.linspace(0, 1, self.size)[:, None, None]
        image = (top * (1 - ramp) + bottom * ramp) * np.ones((1, self.size, 1))
        for label, colour in self.colours.items():
            image[self.mask == label] = colour
        image += self.rng.normal(0, 8, image.shape)
        return np.clip(image, 0, 255).astype(np.uint8)


def draw_face(rng: np.random.Generator, size: int = 128) -> Tuple[np.ndarray, np.ndarray]:
    """One (BGR uint8 image, uint8 mask of 0..18) pair of `size` x `size` pixels."""
    p = _Painter(size, rng, centre_x=0.5 + rng.uniform(-0.06, 0.06),
                 scale=rng.uniform(0.85, 1.1))
    eye_dx, eye_y = rng.uniform(0.075, 0.095), rng.uniform(0.41, 0.45)
    p.ellipse(18, 0.5, 1.05, 0.46, 0.22)                                   # cloth
    p.rectangle(17, 0.42, 0.6, 0.58, 0.88)                                 # neck
    if rng.random() < 0.3:
        p.ellipse(16, 0.5, 0.78, 0.09, 0.06, start=0, end=180, thickness=p._len(0.015))
    p.ellipse(13, 0.5, 0.42, rng.uniform(0.27, 0.33), rng.uniform(0.3, 0.36))   # hair
    for label, side in ((8, -1), (9, 1)):                                  # left, right ear
        p.ellipse(label, 0.5 + side * 0.215, 0.46, 0.035, 0.065)
        if rng.random() < 0.3:
            p.ellipse(15, 0.5 + side * 0.22, 0.55, 0.012, 0.012)           # earring
    p.ellipse(1, 0.5, 0.46, 0.19, 0.26)                                    # skin
    p.ellipse(13, 0.5, 0.22, 0.2, 0.07)                                    # fringe
    for label, side in ((6, -1), (7, 1)):                                  # brows
        p.ellipse(label, 0.5 + side * eye_dx, eye_y - 0.06, 0.045, 0.012, angle=side * -8)
    for label, side in ((4, -1), (5, 1)):                                  # eyes
        p.ellipse(label, 0.5 + side * eye_dx, eye_y, 0.032, 0.016)
    p.ellipse(2, 0.5, 0.51, 0.022, 0.055)                                  # nose
    mouth_y = rng.uniform(0.6, 0.63)
    p.ellipse(11, 0.5, mouth_y, 0.06, 0.016, start=180, end=360)           # upper lip
    p.ellipse(12, 0.5, mouth_y, 0.055, 0.02, start=0, end=180)             # lower lip
    p.rectangle(10, 0.45, mouth_y - 0.004, 0.55, mouth_y + 0.004)          # mouth
    if rng.random() < 0.25:                                                # glasses
        for side in (-1, 1):
            p.ellipse(3, 0.5 + side * eye_dx, eye_y, 0.05, 0.035, thickness=p._len(0.01))
        p.rectangle(3, 0.5 - eye_dx + 0.05, eye_y - 0.005, 0.5 + eye_dx - 0.05, eye_y + 0.005)
    if rng.random() < 0.25:
        p.ellipse(14, 0.5, 0.16, 0.3, 0.1)                                 # hat
    return p.render(), p.mask


def palette_png(mask: np.ndarray) -> bytes:
    """Labels as an 8-bit palette PNG, as the course ships its masks."""
    return encode_palette_png(mask, [c for rgb in FACE_PALETTE for c in rgb])


def write_palette_png(mask: np.ndarray, path: Path) -> None:
    """Save labels as an 8-bit palette PNG (whole or absent)."""
    write_bytes_atomically(palette_png(mask), path)


def make_face_dataset(root, split: str, num: int, seed: int = 0, size: int = 128,
                      with_masks: bool = True) -> Path:
    """Write `num` faces as <root>/<split>/<split>_image/*.jpg (+ <split>_mask/*.png).

    Face `i` comes from a generator seeded by (seed, i): the same seed gives the same data.
    """
    if num < 1:
        raise OptionError(f'the number of images must be at least 1, got {num}')
    images = Path(root) / split / f'{split}_image'
    masks = Path(root) / split / f'{split}_mask'
    make_empty_folders(images, *([masks] if with_masks else []))
    try:
        for index in range(num):
            image, mask = draw_face(np.random.default_rng([seed, index]), size)
            image_path = images / f'{index}.jpg'
            files = [(image_path, encode_image(image, image_path, 95))]
            if with_masks:
                files.append((masks / f'{index}.png', palette_png(mask)))
            write_files_together(files)
    except OutputError as error:
        raise tidy_incomplete(error, num, images, masks if with_masks else None) from None
    return images.parent
