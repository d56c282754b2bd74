"""The logo challenge's warp (flip, rotation, swirl, scale, shift) as a differentiable renderer.

Seed 000 transforms one known logo with a handful of parameters, so a predicted mask can be
explained by the template warped with the right ones. `render_logo` draws the template's alpha
for a batch of parameter sets through `grid_sample`, following each pixel back to the template
the way scikit-image's `rotate` and `swirl` do (`mmseg_custom.data.logo_compositor` makes the
data with them): gradients then reach every parameter.

Rotation and swirl both turn points about the logo's centre, so they commute and one angle
`phi` plus one swirl `strength` describe any order of them. The flip mirrors the template
about its vertical axis before either.
"""
import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from skimage.transform import rescale

from mmseg_custom.data.logo_compositor import SWIRL_RADIUS
from mmseg_custom.data.logo_dataset_writer import load_logo_rgba

# scikit-image rotates about ((w - 1) / 2, (h - 1) / 2) but swirls about (w / 2, h / 2).
_SWIRL_CENTRE_OFFSET = 0.5


def scaled_template(alpha: np.ndarray, scale: float) -> torch.Tensor:
    """The logo's alpha scaled down as the data generator scales it (anti-aliased, bilinear)."""
    return torch.from_numpy(rescale(alpha, scale, order=1, anti_aliasing=True).astype(np.float32))


@dataclass
class WarpParams:
    """A batch of N logo placements, each field a float tensor of shape (N,).

    centre_x, centre_y: where the template's centre lands, in image pixels.
    phi: rotation in radians (counter-clockwise on screen, as skimage's `rotate`).
    strength: swirl strength (skimage's `swirl`, radius SWIRL_RADIUS at full logo size).
    log_scale: natural log of the logo's scale factor.
    mirror: +1, or -1 for a left/right flip.
    """
    centre_x: torch.Tensor
    centre_y: torch.Tensor
    phi: torch.Tensor
    strength: torch.Tensor
    log_scale: torch.Tensor
    mirror: torch.Tensor

    def as_rows(self) -> torch.Tensor:
        return torch.stack([self.centre_x, self.centre_y, self.phi, self.strength,
                            self.log_scale, self.mirror], 1)

    @classmethod
    def from_rows(cls, rows: torch.Tensor) -> 'WarpParams':
        return cls(*[rows[:, i] for i in range(6)])


def render_logo(template: torch.Tensor, template_scale: float, params: WarpParams,
                xs: torch.Tensor, ys: torch.Tensor) -> torch.Tensor:
    """Alpha of each warped logo at the pixel grid xs x ys: (N, len(ys), len(xs)).

    `template` is the logo scaled by `template_scale` (see `scaled_template`); a placement whose
    scale differs from it samples the template at the ratio, so keep the two close. Pixel
    coordinates are in units of the image the parameters refer to.
    """
    h, w = template.shape
    scale = params.log_scale.exp()[:, None, None]
    # The swirl decays over the radius scaled with the logo (the compositor's convention).
    decay = SWIRL_RADIUS * scale / 5 * math.log(2)
    dx = xs[None, None, :] - params.centre_x[:, None, None] - _SWIRL_CENTRE_OFFSET
    dy = ys[None, :, None] - params.centre_y[:, None, None] - _SWIRL_CENTRE_OFFSET
    rho = torch.sqrt(dx * dx + dy * dy + 1e-6)
    turn = params.strength[:, None, None] * torch.exp(-rho / decay)
    cos_t, sin_t = torch.cos(turn), torch.sin(turn)
    x1 = cos_t * dx - sin_t * dy + _SWIRL_CENTRE_OFFSET
    y1 = sin_t * dx + cos_t * dy + _SWIRL_CENTRE_OFFSET
    cos_p, sin_p = torch.cos(params.phi)[:, None, None], torch.sin(params.phi)[:, None, None]
    ratio = template_scale / scale
    x2 = (cos_p * x1 - sin_p * y1) * params.mirror[:, None, None] * ratio
    y2 = (sin_p * x1 + cos_p * y1) * ratio
    grid = torch.stack([x2 / ((w - 1) / 2), y2 / ((h - 1) / 2)], -1)
    batch = template[None, None].expand(grid.shape[0], 1, h, w)
    return F.grid_sample(batch, grid, mode='bilinear', padding_mode='zeros',
                         align_corners=True)[:, 0]


def load_logo_alpha(path) -> np.ndarray:
    """The alpha channel of an RGBA logo file as float in [0, 1] (what the masks are made of),
    read as the data generator reads the logo."""
    return load_logo_rgba(path)[..., 3].astype(np.float32) / 255.0
