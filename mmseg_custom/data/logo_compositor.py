"""Paste randomly transformed, semi-transparent logos onto photos (the Mila logo challenge's
recipe).

Per logo, every parameter uniform: flip left/right, rotate by theta in [0, 2*pi], swirl with
strength in [-5, 5] and radius 500 (each of these three with probability 0.5), scale down by a
factor in [0.1, 0.38], translate inside the image, alpha-blend with alpha in [0.1, 0.4].
One to three logos per image.

Scaling is applied first: flip, rotation about the centre and a swirl about the centre all
commute with an isotropic scale about that centre once the swirl radius is scaled too, so the
result equals the recipe's order while every warp runs on a small array (fast, and only one
anti-aliased reduction).

Training data may go beyond the recipe, because the challenge's own logo file is known only
approximately: `scale_range` widens the scales, and `vary_colour` changes each copy's colour
around the template's (hue, saturation, brightness, and a gentle gradient across the copy).
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np
from skimage.color import hsv2rgb, rgb2hsv
from skimage.transform import rescale, rotate, swirl

SWIRL_RADIUS = 500
SCALE_RANGE = (0.1, 0.38)  # the logo's scale-down factor
# The recipe's scales widened by 20% on both sides, for training robust to the unknown margin
# of the challenge's logo canvas.
WIDE_SCALE_RANGE = (SCALE_RANGE[0] / 1.2, SCALE_RANGE[1] * 1.2)
MASK_ALPHA_THRESHOLD = 0.5


@dataclass(frozen=True)
class LogoPlacement:
    """The random parameters of one logo occurrence."""
    flip: bool
    angle_deg: Optional[float]
    swirl_strength: Optional[float]
    scale: float
    alpha: float
    anchor: tuple  # where the logo's top-left lands, as fractions in [0, 1] of the free range


def sample_placement(rng: np.random.Generator, scale_range=SCALE_RANGE) -> LogoPlacement:
    return LogoPlacement(
        flip=bool(rng.random() < 0.5),
        angle_deg=float(np.degrees(rng.uniform(0, 2 * np.pi))) if rng.random() < 0.5 else None,
        swirl_strength=float(rng.uniform(-5, 5)) if rng.random() < 0.5 else None,
        scale=float(rng.uniform(*scale_range)),
        alpha=float(rng.uniform(0.1, 0.4)),
        anchor=(float(rng.random()), float(rng.random())),
    )


def premultiply(logo_rgba: np.ndarray) -> np.ndarray:
    """uint8 RGBA -> float RGBA in [0, 1] with colour premultiplied by alpha.

    Interpolating premultiplied colour keeps the transparent background's (black) colour out
    of the logo's edges.
    """
    logo = logo_rgba.astype(np.float32) / 255.0
    logo[..., :3] *= logo[..., 3:]
    return logo


def transform_logo(logo: np.ndarray, p: LogoPlacement) -> np.ndarray:
    """Warp a premultiplied float RGBA logo by the placement's flip, rotation, swirl and scale."""
    out = rescale(logo, p.scale, order=1, channel_axis=-1, anti_aliasing=True)
    if p.flip:
        out = out[:, ::-1]
    if p.angle_deg is not None:
        out = rotate(out, p.angle_deg, resize=True, order=1, mode='constant', cval=0)
    if p.swirl_strength is not None:
        out = swirl(out, strength=p.swirl_strength, radius=SWIRL_RADIUS * p.scale, order=1,
                    mode='constant', cval=0)
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def paste_logo(image: np.ndarray, mask: np.ndarray, logo: np.ndarray, p: LogoPlacement) -> None:
    """Alpha-blend a transformed logo into `image` (float RGB, in place) and mark `mask`.

    The logo's top-left corner is drawn uniformly over the positions that keep it inside the
    image; a logo larger than the image is clipped instead.
    """
    height, width = image.shape[:2]
    h, w = logo.shape[:2]
    top = _offset(height, h, p.anchor[0])
    left = _offset(width, w, p.anchor[1])
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + h, height), min(left + w, width)
    if y1 <= y0 or x1 <= x0:
        return
    patch = logo[y0 - top:y1 - top, x0 - left:x1 - left]
    coverage = p.alpha * patch[..., 3:]
    region = image[y0:y1, x0:x1]
    region[:] = region * (1.0 - coverage) + p.alpha * patch[..., :3]
    mask[y0:y1, x0:x1] |= patch[..., 3] > MASK_ALPHA_THRESHOLD


def _offset(size: int, extent: int, fraction: float) -> int:
    low, high = min(0, size - extent), max(0, size - extent)
    return low + int(round(fraction * (high - low)))


def vary_colour(logo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Recolour a premultiplied float RGBA logo around its own colour.

    Hue moves by up to 18 degrees, saturation by x0.7-1.3, brightness by x0.6-1.6, and a linear
    ramp in a random direction changes brightness by up to +-15% across the copy.
    """
    alpha = logo[..., 3:]
    straight = np.divide(logo[..., :3], alpha, out=np.zeros_like(logo[..., :3]),
                         where=alpha > 1e-6)
    hsv = rgb2hsv(np.clip(straight, 0, 1))
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(-0.05, 0.05)) % 1.0
    hsv[..., 1] = np.clip(hsv[..., 1] * rng.uniform(0.7, 1.3), 0, 1)
    h, w = alpha.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (np.cos(angle) * xx / max(w - 1, 1) + np.sin(angle) * yy / max(h - 1, 1)) - 0.5
    hsv[..., 2] = np.clip(hsv[..., 2] * rng.uniform(0.6, 1.6) * (1 + rng.uniform(0, 0.3) * ramp),
                          0, 1)
    out = logo.copy()
    out[..., :3] = hsv2rgb(hsv) * alpha
    return out


def composite(background: np.ndarray, logo: np.ndarray, rng: np.random.Generator,
              scale_range=SCALE_RANGE, recolour: bool = False):
    """Blend 1-3 transformed copies of `logo` into `background`.

    Args:
        background: uint8 RGB image.
        logo: premultiplied float RGBA logo (see `premultiply`).
        scale_range: the scale-down factor's range (the recipe's by default).
        recolour: change each copy's colour around the logo's (`vary_colour`).
    Returns:
        (uint8 RGB image, uint8 mask of 0/255).
    """
    image = background.astype(np.float32) / 255.0
    mask = np.zeros(background.shape[:2], dtype=bool)
    for _ in range(int(rng.integers(1, 4))):
        placement = sample_placement(rng, scale_range)
        copy = transform_logo(logo, placement)
        if recolour:
            copy = vary_colour(copy, rng)
        paste_logo(image, mask, copy, placement)
    image = np.clip(np.rint(image * 255.0), 0, 255).astype(np.uint8)
    return image, mask.astype(np.uint8) * 255
