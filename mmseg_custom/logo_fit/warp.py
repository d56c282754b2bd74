"""The logo challenge's warp (flip, rotation, swirl, scale, shift) as a differentiable renderer.

The Mila logo challenge transforms one known logo with a handful of parameters, so a predicted mask
can be explained by the template warped with the right ones. `render_logo` draws the template's
alpha for a batch of parameter sets through one `grid_sample`, following each pixel back to the
template the way scikit-image's `rotate` and `swirl` do (`mmseg_custom.data.logo_compositor` makes
the data with them): gradients then reach every parameter.

Rotation and swirl both turn points about the logo's centre, so they commute and one angle
`phi` plus one swirl `strength` describe any order of them. The flip mirrors the template
about its vertical axis before either.
"""
import math
from dataclasses import dataclass
from typing import Dict, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from skimage.transform import rescale

from mmseg_custom.data.logo_compositor import SWIRL_RADIUS
from mmseg_custom.data.logo_dataset_writer import load_logo_rgba

# scikit-image rotates about ((w - 1) / 2, (h - 1) / 2) but swirls about (w / 2, h / 2).
_SWIRL_CENTRE_OFFSET = 0.5
COLUMNS = ('centre_x', 'centre_y', 'phi', 'strength', 'log_scale', 'mirror')


@dataclass
class WarpParams:
    """A batch of N logo placements: `rows` is an (N, 6) float tensor, one column per field.

    centre_x, centre_y: where the template's centre lands, in image pixels.
    phi: rotation in radians (counter-clockwise on screen, as skimage's `rotate`).
    strength: swirl strength (skimage's `swirl`, radius SWIRL_RADIUS at full logo size).
    log_scale: natural log of the logo's scale factor.
    mirror: +1, or -1 for a left/right flip.
    """
    rows: torch.Tensor

    @classmethod
    def of(cls, **columns) -> 'WarpParams':
        """From one (N,) tensor per field, named as in COLUMNS."""
        return cls(torch.stack([columns[name] for name in COLUMNS], 1))

    def __len__(self) -> int:
        return self.rows.shape[0]

    def __getitem__(self, index) -> 'WarpParams':
        return WarpParams(self.rows[index])


def _column(index: int):
    return property(lambda self: self.rows[:, index])


for _index, _name in enumerate(COLUMNS):
    setattr(WarpParams, _name, _column(_index))


def scaled_template(alpha: np.ndarray, scale: float) -> torch.Tensor:
    """The logo's alpha scaled down as the data generator scales it (anti-aliased, bilinear)."""
    return torch.from_numpy(rescale(alpha, scale, order=1, anti_aliasing=True).astype(np.float32))


class TemplateBank:
    """The alpha scaled to log-scales `spacing` apart (grid_sample does not anti-alias, so a
    placement samples the nearest one), cached on one device."""

    def __init__(self, alpha: np.ndarray, device, spacing: float = 0.02) -> None:
        self.alpha, self.device, self.spacing = alpha, torch.device(device), spacing
        self._cache: Dict[int, torch.Tensor] = {}

    def keys(self, log_scale: torch.Tensor) -> torch.Tensor:
        """The key of the template nearest each log-scale."""
        return torch.round(log_scale / self.spacing).long()

    def template(self, key: int) -> torch.Tensor:
        if key not in self._cache:
            scaled = scaled_template(self.alpha, math.exp(key * self.spacing))
            self._cache[key] = scaled.to(self.device)
        return self._cache[key]

    def stack(self, keys: Sequence[int]) -> 'TemplateStack':
        """The templates of `keys`, centred in one zero-padded (K, 1, H, W) tensor."""
        templates = [self.template(key) for key in keys]
        height = max(t.shape[0] for t in templates)
        width = max(t.shape[1] for t in templates)
        stacked = torch.zeros(len(keys), 1, height, width, device=self.device)
        centres = []
        for index, template in enumerate(templates):
            top, left = (height - template.shape[0]) // 2, (width - template.shape[1]) // 2
            stacked[index, 0, top:top + template.shape[0], left:left + template.shape[1]] = \
                template
            centres.append((left + (template.shape[1] - 1) / 2, top + (template.shape[0] - 1) / 2))
        scales = torch.tensor([math.exp(key * self.spacing) for key in keys], device=self.device)
        return TemplateStack(stacked, torch.tensor(centres, device=self.device), scales)


@dataclass
class TemplateStack:
    images: torch.Tensor  # (K, 1, H, W)
    centres: torch.Tensor  # (K, 2): each template's centre (x, y) in the padded frame
    scales: torch.Tensor  # (K,): each template's scale factor


def render_logo(templates: TemplateStack, which: torch.Tensor, params: WarpParams,
                xs: torch.Tensor, ys: torch.Tensor) -> torch.Tensor:
    """Alpha of each warped logo at the pixel grid xs x ys: (N, len(ys), len(xs)).

    Row n samples template `which[n]` of the stack at the ratio of its scale to the row's, so
    keep the two close. Pixel coordinates are in units of the image the parameters refer to.
    """
    count = len(params)
    return render_points(templates, which, params, xs[None, None, :].expand(count, len(ys), -1),
                         ys[None, :, None].expand(count, -1, len(xs)))


def render_points(templates: TemplateStack, which: torch.Tensor, params: WarpParams,
                  xs: torch.Tensor, ys: torch.Tensor) -> torch.Tensor:
    """Alpha of each warped logo at its own points: xs, ys and the result are (N, A, B)."""
    rows = params.rows
    height, width = templates.images.shape[-2:]
    scale = rows[:, 4].exp()[:, None, None]
    # The swirl decays over the radius scaled with the logo (the compositor's convention).
    decay = SWIRL_RADIUS * scale / 5 * math.log(2)
    dx = xs - rows[:, 0, None, None] - _SWIRL_CENTRE_OFFSET
    dy = ys - rows[:, 1, None, None] - _SWIRL_CENTRE_OFFSET
    rho = torch.sqrt(dx * dx + dy * dy + 1e-6)
    turn = rows[:, 3, None, None] * torch.exp(-rho / decay)
    cos_t, sin_t = torch.cos(turn), torch.sin(turn)
    x1 = cos_t * dx - sin_t * dy + _SWIRL_CENTRE_OFFSET
    y1 = sin_t * dx + cos_t * dy + _SWIRL_CENTRE_OFFSET
    cos_p, sin_p = torch.cos(rows[:, 2])[:, None, None], torch.sin(rows[:, 2])[:, None, None]
    ratio = templates.scales[which][:, None, None] / scale
    centre = templates.centres[which]
    x2 = (cos_p * x1 - sin_p * y1) * rows[:, 5, None, None] * ratio + centre[:, 0, None, None]
    y2 = (sin_p * x1 + cos_p * y1) * ratio + centre[:, 1, None, None]
    grid = torch.stack([x2 / ((width - 1) / 2) - 1, y2 / ((height - 1) / 2) - 1], -1)
    images = templates.images
    if images.shape[0] == 1:
        images = images.expand(len(rows), -1, -1, -1)
    else:
        images = images[which]
    return F.grid_sample(images, grid, mode='bilinear', padding_mode='zeros',
                         align_corners=True)[:, 0]


def load_logo_alpha(path) -> np.ndarray:
    """The alpha channel of an RGBA logo file as float in [0, 1] (what the masks are made of),
    read as the data generator reads the logo."""
    return load_logo_rgba(path)[..., 3].astype(np.float32) / 255.0
