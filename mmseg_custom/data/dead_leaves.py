"""Procedural 'dead leaves' backgrounds: overlapping shapes, strokes and letters at every scale.

Offline, scikit-image ships only a dozen photographs, and a model trained on them learns those
photographs instead of the logo: it fires on the heldout photos' textures. Occluding shapes with
sizes drawn from a power law have the edge and scale statistics of natural images, and they
never repeat. Thin strokes, small discs and random letters are distractors that look locally
like parts of the logo (its dots, links and wordmark) without being it. A texture from a photo
is multiplied in, so flat shapes are not a shortcut.
"""
import string
from typing import List

import cv2
import numpy as np

from mmseg_custom.data.backgrounds import jitter_colour, random_view

SHAPES = ('disc', 'ellipse', 'rectangle', 'polygon', 'stroke', 'letters')
# Probabilities of the shapes above: mostly filled regions, some distractors.
SHAPE_WEIGHTS = np.array([0.25, 0.15, 0.2, 0.15, 0.15, 0.1])
LETTERS = string.ascii_letters + string.digits
FONTS = (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_COMPLEX,
         cv2.FONT_HERSHEY_TRIPLEX, cv2.FONT_HERSHEY_PLAIN)


def dead_leaves_background(photos: List[np.ndarray], rng: np.random.Generator,
                           height: int = 340, width: int = 512) -> np.ndarray:
    """A uint8 RGB image of 50-400 random shapes, textured by a photo, colour-jittered."""
    image = np.empty((height, width, 3), np.uint8)  # uint8: cv2.putText draws on no other
    image[:] = rng.integers(0, 256, 3)
    for _ in range(int(rng.integers(50, 400))):
        _draw_shape(image, rng, _leaf_size(rng, max(height, width)))
    image = image.astype(np.float32) / 255
    texture = random_view(photos, rng, height, width).mean(axis=2, keepdims=True)
    strength = rng.uniform(0.0, 0.6)
    image = image * (1 - strength + strength * 2 * texture)
    blur = rng.uniform(0, 1.5)
    if blur > 0.3:
        image = cv2.GaussianBlur(image, (0, 0), blur)
    return jitter_colour(np.clip(image, 0, 1), rng)


def _leaf_size(rng: np.random.Generator, largest: int) -> float:
    """A size in pixels from a power law: many small leaves, a few large ones."""
    smallest = 3.0
    return float(min(largest / 2, smallest * (1 - rng.random()) ** -0.7))


def _draw_shape(image: np.ndarray, rng: np.random.Generator, size: float) -> None:
    height, width = image.shape[:2]
    colour = tuple(int(c) for c in rng.integers(0, 256, 3))
    centre = (int(rng.integers(-10, width + 10)), int(rng.integers(-10, height + 10)))
    shape = SHAPES[int(rng.choice(len(SHAPES), p=SHAPE_WEIGHTS))]
    if shape == 'disc':
        cv2.circle(image, centre, max(1, int(size)), colour, -1, cv2.LINE_AA)
    elif shape == 'ellipse':
        axes = (max(1, int(size)), max(1, int(size * rng.uniform(0.2, 1.0))))
        cv2.ellipse(image, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1,
                    cv2.LINE_AA)
    elif shape == 'rectangle':
        box = cv2.boxPoints((centre, (size * 2, size * 2 * rng.uniform(0.2, 1.0)),
                             float(rng.uniform(0, 180))))
        cv2.fillPoly(image, [np.round(box).astype(np.int32)], colour, cv2.LINE_AA)
    elif shape == 'polygon':
        count = int(rng.integers(3, 8))
        angles = np.sort(rng.uniform(0, 2 * np.pi, count))
        radii = size * rng.uniform(0.4, 1.0, count)
        points = np.stack([centre[0] + radii * np.cos(angles),
                           centre[1] + radii * np.sin(angles)], axis=1)
        cv2.fillPoly(image, [np.round(points).astype(np.int32)], colour, cv2.LINE_AA)
    elif shape == 'stroke':
        angle = rng.uniform(0, 2 * np.pi)
        length = size * rng.uniform(2, 6)
        end = (int(centre[0] + length * np.cos(angle)), int(centre[1] + length * np.sin(angle)))
        cv2.line(image, centre, end, colour, int(rng.integers(1, 5)), cv2.LINE_AA)
    else:
        text = ''.join(rng.choice(list(LETTERS), int(rng.integers(1, 6))))
        font = FONTS[int(rng.integers(len(FONTS)))]
        cv2.putText(image, text, centre, font, max(0.3, size / 15), colour,
                    int(rng.integers(1, 4)), cv2.LINE_AA)
