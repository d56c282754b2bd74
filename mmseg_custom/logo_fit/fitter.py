"""Replace a network's logo mask by the logo template warped to fit it (seed 000).

The network finds where logos are but blurs their thin lines and misses faint parts. Each
group of detected pixels is explained instead by 1-3 copies of the known template under the
challenge's warp (`warp.render_logo`):

1. search: for every rotation x flip x swirl on a grid, at a few scales guessed from the
   group's area, the best shift by FFT cross-correlation with the probabilities, at a
   resolution where the logo is about `coarse_diagonal` pixels across;
2. refine: the best candidates by gradient descent on soft Dice, coarse first, then at full
   resolution;
3. more logos: what the fit leaves unexplained is fitted again and all copies are refined
   together on their union; the new copy stays only if the network's mask is matched better.

A group is replaced only when its fit agrees with the network (IoU >= min_agreement), so
a blob that is no logo keeps the network's mask; a group larger than `max_logos` logos of the
largest scale is no set of logos and is left alone unfitted.
"""
import math
from dataclasses import dataclass
from typing import Dict, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from scipy import ndimage

from .warp import WarpParams, render_logo, scaled_template

MASK_THRESHOLD = 0.5


@dataclass(frozen=True)
class FitSettings:
    """The search grid, the refinement budgets and the acceptance rule (the README's figures
    use these defaults)."""
    angles: int = 32
    swirl_strengths: Sequence[float] = (-4.0, -2.0, 0.0, 2.0, 4.0)
    scale_factors: Sequence[float] = (0.7, 0.85, 1.0, 1.2, 1.45)
    min_scale: float = 0.05
    max_scale: float = 0.5
    coarse_diagonal: float = 48.0
    coarse_candidates: int = 24
    fine_candidates: int = 4
    coarse_steps: int = 40
    fine_steps: int = 40
    max_logos: int = 3
    group_radius: int = 15
    min_pixels: int = 30
    min_agreement: float = 0.5


@dataclass
class GroupFit:
    """The logos fitted to one group of detected pixels."""
    params: WarpParams
    mask: np.ndarray  # bool, the group's window
    agreement: float  # IoU of `mask` with the network's mask in the window


class LogoFitter:
    """Fits warped copies of a logo (its alpha channel, float in [0, 1]) to probability maps."""

    def __init__(self, alpha: np.ndarray, settings: FitSettings = FitSettings()) -> None:
        self.alpha = alpha.astype(np.float32)
        self.settings = settings
        self.logo_area = float((self.alpha > MASK_THRESHOLD).sum())
        self.logo_diagonal = math.hypot(*self.alpha.shape)
        self._largest_group = 1.5 * settings.max_logos * self.logo_area * settings.max_scale ** 2
        # Half the area of a logo at the challenge's smallest scale, 0.1.
        self._smallest_logo = 0.5 * self.logo_area * 0.1 ** 2
        self._templates: Dict[int, Tuple[torch.Tensor, float]] = {}

    # -- whole images ---------------------------------------------------------------------

    def fit_mask(self, probabilities: np.ndarray) -> np.ndarray:
        """The network's mask (probabilities > 0.5) with every well-fitted group replaced."""
        detected = probabilities > MASK_THRESHOLD
        result = detected.copy()
        with torch.inference_mode(False), torch.enable_grad():  # the fit descends gradients
            self._replace_fitted_groups(probabilities, detected, result)
        return result

    def _replace_fitted_groups(self, probabilities: np.ndarray, detected: np.ndarray,
                               result: np.ndarray) -> None:
        for region, window in self._groups(detected):
            inside = probabilities[window] * region[window]
            fit = self.fit_group(torch.from_numpy(inside.astype(np.float32)))
            if fit.agreement >= self.settings.min_agreement:
                result[region] = False
                result[window] |= fit.mask

    def _groups(self, detected: np.ndarray):
        """(group mask, padded window slices) for each cluster of detected pixels."""
        radius = self.settings.group_radius
        labels, _ = ndimage.label(ndimage.binary_dilation(detected, iterations=radius))
        for index, box in enumerate(ndimage.find_objects(labels), start=1):
            region = labels == index
            pixels = (detected & region).sum()
            if pixels < self.settings.min_pixels or pixels > self._largest_group:
                continue
            height, width = (s.stop - s.start for s in box)
            pad = int(0.25 * max(height, width)) + 10
            window = tuple(slice(max(0, s.start - pad), min(n, s.stop + pad))
                           for s, n in zip(box, detected.shape))
            yield region, window

    # -- one group ------------------------------------------------------------------------

    def fit_group(self, probabilities: torch.Tensor) -> GroupFit:
        """Fit 1..max_logos copies to a window that holds one group's probabilities.

        Another copy is fitted to what the others leave unexplained, and kept only if the
        copies refined together agree better with the network (logos overlap often; a small
        one may sit next to a large one).
        """
        detected = probabilities > MASK_THRESHOLD
        best = self._fit_group_of(probabilities, detected, self.fit_one(probabilities)[None])
        while len(best.params.centre_x) < self.settings.max_logos:
            explained = ndimage.binary_dilation(best.mask, iterations=2)
            residual = probabilities * torch.from_numpy(~explained)
            if int((residual > MASK_THRESHOLD).sum()) < self._smallest_logo:
                break
            rows = torch.cat([best.params.as_rows(), self.fit_one(residual)[None]])
            rows, _ = self._refine(probabilities, rows, 1.0, self.settings.fine_steps,
                                   union=True)
            more = self._fit_group_of(probabilities, detected, rows)
            if more.agreement < best.agreement + 0.01:
                break
            best = more
        return best

    def _fit_group_of(self, probabilities: torch.Tensor, detected: torch.Tensor,
                      rows: torch.Tensor) -> GroupFit:
        with torch.no_grad():
            mask = (self._render(rows, probabilities.shape, 1.0) > MASK_THRESHOLD).any(0)
        agreement = float((mask & detected).sum() / (mask | detected).sum().clamp(min=1))
        return GroupFit(WarpParams.from_rows(rows), mask.numpy(), agreement)

    def fit_one(self, probabilities: torch.Tensor) -> torch.Tensor:
        """The single placement (a row of WarpParams) that best explains the probabilities."""
        s = self.settings
        area = max(float((probabilities > MASK_THRESHOLD).sum()), 1.0)
        guess = math.sqrt(area / self.logo_area)
        rows, scores, factors = [], [], []
        for factor_of_guess in s.scale_factors:
            scale = min(max(guess * factor_of_guess, s.min_scale), s.max_scale)
            factor = max(1.0, self.logo_diagonal * scale / s.coarse_diagonal)
            found, dice = self._search(probabilities, scale, factor)
            rows.append(found)
            scores.append(dice)
            factors += [factor] * len(dice)
        rows, scores = torch.cat(rows), torch.cat(scores)
        best = scores.topk(min(s.coarse_candidates, len(scores))).indices.tolist()
        refined, refined_scores = [], []
        for factor in sorted({factors[i] for i in best}):
            chosen = [i for i in best if factors[i] == factor]
            params, dice = self._refine(probabilities, rows[chosen], factor, s.coarse_steps)
            refined.append(params)
            refined_scores.append(dice)
        refined, refined_scores = torch.cat(refined), torch.cat(refined_scores)
        finalists = refined[refined_scores.topk(min(s.fine_candidates, len(refined))).indices]
        params, dice = self._refine(probabilities, finalists, 1.0, s.fine_steps)
        return params[int(dice.argmax())]

    # -- search and refinement ------------------------------------------------------------

    def _search(self, probabilities: torch.Tensor, scale: float,
                factor: float) -> Tuple[torch.Tensor, torch.Tensor]:
        """Every rotation x flip x swirl at `scale`, each at its best shift (FFT correlation)."""
        s = self.settings
        coarse = _downsample(probabilities, factor)
        coarse_scale = scale / factor
        size = int(math.ceil(self.logo_diagonal * coarse_scale * 1.05)) | 1
        n_swirls = len(s.swirl_strengths)
        count = s.angles * 2 * n_swirls
        turns = torch.arange(s.angles).float().repeat_interleave(2 * n_swirls)
        phi = turns * (2 * math.pi / s.angles)
        mirror = torch.tensor([1.0, -1.0]).repeat_interleave(n_swirls).repeat(s.angles)
        strength = torch.tensor(s.swirl_strengths, dtype=torch.float32).repeat(2 * s.angles)
        template, template_scale = self._template(self._template_key(math.log(coarse_scale)))
        centre = torch.full((count,), (size - 1) / 2)
        params = WarpParams(centre, centre, phi, strength,
                            torch.full((count,), math.log(template_scale)), mirror)
        pixels = torch.arange(size).float()
        drawn = render_logo(template, template_scale, params, pixels, pixels)
        overlap = _correlate(coarse, drawn)
        dice = 2 * overlap / (drawn.sum((1, 2))[:, None, None] + coarse.sum())
        best, where = dice.flatten(1).max(1)
        y, x = where // coarse.shape[1], where % coarse.shape[1]
        params.centre_x = (x.float() + 0.5) * factor - 0.5
        params.centre_y = (y.float() + 0.5) * factor - 0.5
        params.log_scale = torch.full((count,), math.log(scale))
        return params.as_rows(), best

    def _refine(self, probabilities: torch.Tensor, rows: torch.Tensor, factor: float, steps: int,
                union: bool = False) -> Tuple[torch.Tensor, torch.Tensor]:
        """Adam on soft Dice at resolution 1/factor: each row alone, or (union) all together.

        Returns the refined rows and their soft Dice (one value for a union).
        """
        target = _downsample(probabilities, factor)
        # Adam moves each variable by about lr per step: normalising by these step sizes (shift
        # in pixels, rotation and swirl in radians, log-scale) gives each its own pace.
        step = torch.tensor([0.5 * factor, 0.5 * factor, 0.01, 0.05, 0.01])
        normalised = (rows[:, :5] / step).clone().requires_grad_(True)
        mirror = rows[:, 5:]
        optimiser = torch.optim.Adam([normalised], lr=1.0)
        for iteration in range(steps + 1):
            current = torch.cat([normalised * step, mirror], 1)
            drawn = self._render(current, probabilities.shape, factor)
            if union:
                drawn = 1 - torch.prod(1 - drawn, 0, keepdim=True)
            dice = 2 * (drawn * target).sum((1, 2)) / (drawn.sum((1, 2)) + target.sum())
            if iteration == steps:
                break
            optimiser.zero_grad()
            (1 - dice).sum().backward()
            optimiser.step()
        return current.detach(), dice.detach()

    def _render(self, rows: torch.Tensor, shape, factor: float) -> torch.Tensor:
        """Alpha of each row's logo on the image grid of `shape` seen at resolution 1/factor."""
        height, width = (max(1, round(n / factor)) for n in shape)
        xs = (torch.arange(width).float() + 0.5) * (shape[1] / width) - 0.5
        ys = (torch.arange(height).float() + 0.5) * (shape[0] / height) - 0.5
        params = WarpParams.from_rows(rows)
        # Express everything in coarse pixels so the template is sampled near its own scale.
        coarse = WarpParams((params.centre_x + 0.5) / factor - 0.5,
                            (params.centre_y + 0.5) / factor - 0.5, params.phi,
                            params.strength, params.log_scale - math.log(factor), params.mirror)
        xs, ys = (xs + 0.5) / factor - 0.5, (ys + 0.5) / factor - 0.5
        # Rows that share a template are drawn in one batch.
        keys = [self._template_key(float(v)) for v in coarse.log_scale.detach()]
        rows_coarse = coarse.as_rows()
        drawn, order = [], []
        for key in sorted(set(keys)):
            chosen = [i for i, k in enumerate(keys) if k == key]
            template, template_scale = self._template(key)
            drawn.append(render_logo(template, template_scale,
                                     WarpParams.from_rows(rows_coarse[chosen]), xs, ys))
            order += chosen
        return torch.cat(drawn)[torch.tensor(order).argsort()]

    @staticmethod
    def _template_key(log_scale: float) -> int:
        """Templates are made at scales 2 % apart; a placement uses the nearest."""
        return round(log_scale / 0.02)

    def _template(self, key: int) -> Tuple[torch.Tensor, float]:
        """The template for a key and its exact scale, cached."""
        if key not in self._templates:
            scale = math.exp(key * 0.02)
            self._templates[key] = (scaled_template(self.alpha, scale), scale)
        return self._templates[key]


def _downsample(image: torch.Tensor, factor: float) -> torch.Tensor:
    if factor <= 1:
        return image
    size = tuple(max(1, round(n / factor)) for n in image.shape)
    return F.interpolate(image[None, None], size=size, mode='area')[0, 0]


def _correlate(image: torch.Tensor, kernels: torch.Tensor) -> torch.Tensor:
    """(N, H, W): at each pixel, the overlap of each kernel centred there with the image."""
    height, width = image.shape
    _, kh, kw = kernels.shape
    size = (height + kh, width + kw)
    spectrum = torch.fft.rfft2(image, s=size)[None] * torch.fft.rfft2(kernels.flip(-1, -2),
                                                                      s=size)
    full = torch.fft.irfft2(spectrum, s=size)
    top, left = kh - 1 - kh // 2, kw - 1 - kw // 2
    return full[:, top:top + height, left:left + width]
