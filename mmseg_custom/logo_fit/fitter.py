"""Replace a network's logo mask by the logo template warped to fit it (the Mila logo challenge).

The network finds where logos are but blurs their thin lines and misses faint parts. Each
group of detected pixels is explained instead by 1-3 copies of the known template under the
challenge's warp (`warp.render_logo`):

1. search: for every rotation x flip x swirl on a grid, at a few scales guessed from the
   group's area, the best shift by FFT cross-correlation with the probabilities, at a
   resolution where the logo is about `search_diagonal` pixels across;
2. refine: the best candidates by gradient descent on soft Dice, coarse first, then at full
   resolution;
3. more logos: what the fit leaves unexplained is fitted again and all copies are refined
   together on their union; the new copy stays only if the network's mask is matched better.

Every step works on all groups of all the images given at once: their windows are padded to
one frame (`_Level`), each candidate row carries the index of its group, so a search, a
refinement step or a drawing is a few large tensor operations on the probabilities' device.

A group is replaced only when its fit agrees with the network: IoU >= min_agreement, or, for a
group no larger than one logo can be, IoU >= min_agreement_one_logo (and, if set, covering at
least `min_explained` of the network's pixels). A template that is not the images' logo
explains the network's thin strokes poorly, so the network's mask stays: the defaults were
chosen on validation for a right and a wrong template (the guide's table). A
group more solid than any warped logo (`max_solidity`: the template's solidity is 0.34, a
disc's 1) is a blob, not a logo, and keeps the network's mask unfitted, as does a group larger
than `max_logos` logos of the largest scale.
"""
import math
from dataclasses import dataclass, replace
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from scipy import ndimage
from scipy.fft import next_fast_len

from mmseg_custom.data.logo_compositor import SCALE_RANGE
from .warp import TemplateBank, WarpParams, render_logo, render_points

MASK_THRESHOLD = 0.5


@dataclass(frozen=True)
class FitSettings:
    """Every tuning constant of the fit (the guide's figures use these defaults)."""
    angles: int = 32
    swirl_strengths: Sequence[float] = (-3.0, 0.0, 3.0)
    scale_factors: Sequence[float] = (0.7, 0.85, 1.0, 1.2, 1.45)  # of the area's guess
    min_scale: float = 0.05
    max_scale: float = 0.5
    search_diagonal: float = 48.0  # the logo's size in pixels at the search's resolution
    coarse_diagonal: float = 48.0  # ...and at the coarse refinement's
    coarse_candidates: int = 16  # per group, refined at the coarse resolution
    fine_candidates: int = 3  # per group, refined at full resolution
    coarse_steps: int = 40
    fine_steps: int = 40
    union_steps: int = 40  # of all copies of a group together, at full resolution
    # Adam moves each variable by about lr per step: these step sizes (shift in pixels of the
    # level refined, rotation and swirl in radians, log-scale) give each its own pace.
    step_sizes: Tuple[float, ...] = (0.5, 0.5, 0.01, 0.05, 0.01)
    support_radius: int = 5  # pixels around a logo that enter its refinement's Dice
    support_every: int = 20  # steps between updates of those pixels
    template_spacing: float = 0.02  # log-scale between pre-scaled templates
    max_logos: int = 3
    group_radius: int = 15  # dilation joining a wordmark to its dots
    group_padding: float = 0.25  # of the group's larger side, plus 10 pixels
    min_pixels: int = 30
    # IoU of a group's fit with the network's mask for the fit to replace it (validation)
    min_agreement: float = 0.58
    min_agreement_one_logo: float = 0.5  # ...for a group no larger than one logo, if
    min_explained: float = 0.0  # ...its fit covers this share of the network's pixels
    largest_logo_scale: float = SCALE_RANGE[1]  # the challenge's: sets one logo's size
    max_solidity: float = 0.8  # of a group's pixels (area / convex hull's): more is a blob
    min_gain: float = 0.01  # of agreement, for another copy to stay
    explained_radius: int = 2  # around a fitted copy, pixels not fitted again
    max_search_elements: int = 2 ** 24  # bounds the FFT search's memory


@dataclass
class _Level:
    """The groups' probability windows at one resolution, zero-padded to one (G, H, W) frame.

    `factors[g]` is full-resolution pixels per pixel of this level; `valid` is 1 inside each
    group's own window.
    """
    targets: torch.Tensor
    valid: torch.Tensor
    factors: torch.Tensor

    def subset(self, index: torch.Tensor) -> '_Level':
        return _Level(self.targets[index], self.valid[index], self.factors[index])

    def with_targets(self, targets: torch.Tensor) -> '_Level':
        return replace(self, targets=targets)

    @property
    def grid(self) -> Tuple[torch.Tensor, torch.Tensor]:
        height, width = self.targets.shape[1:]
        device = self.targets.device
        return (torch.arange(width, device=device, dtype=torch.float32),
                torch.arange(height, device=device, dtype=torch.float32))


def _pad_stack(images: Sequence[torch.Tensor]) -> Tuple[torch.Tensor, torch.Tensor]:
    height = max(image.shape[0] for image in images)
    width = max(image.shape[1] for image in images)
    device = images[0].device
    stacked = torch.zeros(len(images), height, width, device=device)
    valid = torch.zeros(len(images), height, width, device=device)
    for index, image in enumerate(images):
        stacked[index, :image.shape[0], :image.shape[1]] = image
        valid[index, :image.shape[0], :image.shape[1]] = 1
    return stacked, valid


@dataclass
class GroupFit:
    """One group's fitted copies (a mask of its window) and how well they explain it."""
    group: '_Group'
    mask: np.ndarray
    agreement: float  # IoU with the network's mask
    explained: float  # share of the network's pixels the copies cover
    one_logo: bool  # the group is no larger than one logo can be


def apply_fits(detected: Sequence[np.ndarray], fits: Sequence[GroupFit],
               accepts) -> List[np.ndarray]:
    """The network's masks with the region of every fit that `accepts` replaced by it."""
    results = [d.copy() for d in detected]
    for fit in fits:
        if accepts(fit):
            group = fit.group
            results[group.image][group.region] = False
            results[group.image][group.window] |= fit.mask
    return results


@dataclass
class _Group:
    image: int
    region: np.ndarray  # bool, the group's pixels (dilated) in the whole image
    window: Tuple[slice, slice]
    pixels: int  # detected in the region


class LogoFitter:
    """Fits warped copies of a logo (its alpha channel, float in [0, 1]) to probability maps;
    the work runs on the maps' device."""

    def __init__(self, alpha: np.ndarray, settings: FitSettings = FitSettings()) -> None:
        self.alpha = alpha.astype(np.float32)
        self.settings = settings
        self.logo_area = float((self.alpha > MASK_THRESHOLD).sum())
        self.logo_diagonal = math.hypot(*self.alpha.shape)
        self._largest_group = 1.5 * settings.max_logos * self.logo_area * settings.max_scale ** 2
        # Half the area of a logo at the challenge's smallest scale.
        self._smallest_logo = 0.5 * self.logo_area * SCALE_RANGE[0] ** 2
        self._one_logo = self.logo_area * settings.largest_logo_scale ** 2
        self._banks = {}
        self._kernels = {}

    def _bank(self, device) -> TemplateBank:
        device = torch.device(device)
        if device not in self._banks:
            self._banks[device] = TemplateBank(self.alpha, device, self.settings.template_spacing)
        return self._banks[device]

    # -- whole images ---------------------------------------------------------------------

    def fit_mask(self, probabilities) -> np.ndarray:
        """The network's mask (probabilities > 0.5) with every well-fitted group replaced."""
        return self.fit_masks([probabilities])[0]

    def fit_masks(self, probability_maps: Sequence) -> List[np.ndarray]:
        """`fit_mask` of each (H, W) map (numpy or torch), all groups of all maps fitted
        together on the device of the first torch map (numpy maps: the CPU)."""
        detected, fits = self.fit_groups(probability_maps)
        return apply_fits(detected, fits, self.accepts)

    def fit_groups(self, probability_maps: Sequence) -> Tuple[List[np.ndarray], List['GroupFit']]:
        """The network's masks and every group's fit, before the acceptance rule."""
        maps = [torch.from_numpy(p) if isinstance(p, np.ndarray) else p
                for p in probability_maps]
        device = maps[0].device if maps else torch.device('cpu')
        with torch.inference_mode(False):  # the maps may be inference tensors
            maps = [p.detach().clone().float().to(device) for p in maps]
            detected = [(p > MASK_THRESHOLD).cpu().numpy() for p in maps]
            groups = [group for index, d in enumerate(detected)
                      for group in self._groups(index, d)]
            if not groups:
                return detected, []
            with torch.enable_grad():  # the fit descends gradients
                masks, agreements, explained = self._fit_windows(maps, groups)
        return detected, [GroupFit(g, m, a, e, g.pixels <= self._one_logo)
                          for g, m, a, e in zip(groups, masks, agreements, explained)]

    def accepts(self, fit: 'GroupFit', settings: Optional[FitSettings] = None) -> bool:
        """Whether a group's fit replaces the network's mask (see the module's text)."""
        s = settings or self.settings
        if fit.agreement >= s.min_agreement:
            return True
        return (fit.one_logo and fit.agreement >= s.min_agreement_one_logo
                and fit.explained >= s.min_explained)

    def _groups(self, image: int, detected: np.ndarray):
        """Each cluster of detected pixels that may be logos, with its padded window."""
        s = self.settings
        labels, _ = ndimage.label(ndimage.binary_dilation(detected, iterations=s.group_radius))
        for index, box in enumerate(ndimage.find_objects(labels), start=1):
            region = labels == index
            pixels = int((detected & region).sum())
            if pixels < s.min_pixels or pixels > self._largest_group:
                continue
            if _solidity(detected[box] & region[box]) > s.max_solidity:
                continue
            height, width = (b.stop - b.start for b in box)
            pad = int(s.group_padding * max(height, width)) + 10
            window = tuple(slice(max(0, b.start - pad), min(n, b.stop + pad))
                           for b, n in zip(box, detected.shape))
            yield _Group(image, region, window, pixels)

    def _fit_windows(self, maps: Sequence[torch.Tensor], groups: Sequence[_Group]):
        """(window mask, agreement, explained) per group: 1..max_logos copies each;
        `explained` is the share of the network's pixels the fitted copies cover.

        Another copy is fitted to what the others leave unexplained, and kept only if the
        copies refined together agree better with the network (logos overlap often; a small
        one may sit next to a large one).
        """
        s = self.settings
        device = maps[0].device
        windows = []
        for group in groups:
            region = torch.from_numpy(group.region[group.window]).to(device)
            windows.append(maps[group.image][group.window] * region)
        targets, valid = _pad_stack(windows)
        level = _Level(targets, valid, torch.ones(len(groups), device=device))
        detected = targets > MASK_THRESHOLD
        count = len(groups)
        all_groups = torch.arange(count, device=device)
        params, owner = self._fit_one(level), all_groups
        masks = self._draw_masks(level, params, owner, count)
        agreement = _iou(masks, detected)
        active = all_groups
        for _ in range(s.max_logos - 1):
            explained = F.max_pool2d(masks[active, None].float(), 2 * s.explained_radius + 1,
                                     stride=1, padding=s.explained_radius)[:, 0] > 0
            residual = level.targets[active] * ~explained
            enough = (residual > MASK_THRESHOLD).flatten(1).sum(1) >= self._smallest_logo
            active, residual = active[enough], residual[enough]
            if len(active) == 0:
                break
            new = self._fit_one(level.subset(active).with_targets(residual))
            keep = torch.isin(owner, active)
            trial = WarpParams(torch.cat([params.rows[keep], new.rows]))
            trial_owner = torch.cat([owner[keep], active])
            trial, _ = self._refine(level, trial, trial_owner, s.union_steps, union=True)
            trial_masks = self._draw_masks(level, trial, trial_owner, count)
            trial_agreement = _iou(trial_masks, detected)
            better = torch.zeros(count, dtype=torch.bool, device=device)
            better[active] = trial_agreement[active] >= agreement[active] + s.min_gain
            if not better.any():
                break
            params = WarpParams(torch.cat([params.rows[~better[owner]],
                                           trial.rows[better[trial_owner]]]))
            owner = torch.cat([owner[~better[owner]], trial_owner[better[trial_owner]]])
            masks[better], agreement[better] = trial_masks[better], trial_agreement[better]
            active = all_groups[better]
        explained = ((masks & detected).flatten(1).sum(1).float()
                     / detected.flatten(1).sum(1).clamp(min=1).float())
        masks, agreement = masks.cpu().numpy(), agreement.cpu().tolist()
        return ([mask[:w[0].stop - w[0].start, :w[1].stop - w[1].start]
                 for mask, w in zip(masks, (g.window for g in groups))], agreement,
                explained.cpu().tolist())

    # -- one copy per group -----------------------------------------------------------------

    def _fit_one(self, level: _Level) -> WarpParams:
        """For each group, the single placement that best explains its target (full
        resolution): search, then refine at the coarse and at the full resolution."""
        s = self.settings
        detected = ((level.targets > MASK_THRESHOLD) & (level.valid > 0)).flatten(1).sum(1)
        guess = (detected.float().clamp(min=1) / self.logo_area).sqrt()
        guess = guess.clamp(s.min_scale, s.max_scale)
        factors = (self.logo_diagonal * guess / s.coarse_diagonal).clamp(min=1)
        coarse = _downsample(level, factors)
        search = coarse
        if s.search_diagonal != s.coarse_diagonal:
            search = _downsample(level, (self.logo_diagonal * guess
                                         / s.search_diagonal).clamp(min=1))
        candidates, scores = self._search(search, guess.log() - search.factors.log())
        candidates, owner = _best_per_group(candidates, scores, s.coarse_candidates)
        candidates = _rescale(candidates, search.factors[owner] / coarse.factors[owner])
        candidates, dice = self._refine(coarse, candidates, owner, s.coarse_steps)
        candidates, owner = _best_per_group(candidates, dice, s.fine_candidates, owner)
        candidates = _rescale(candidates, coarse.factors[owner])
        candidates, dice = self._refine(level, candidates, owner, s.fine_steps)
        best, _ = _best_per_group(candidates, dice, 1, owner)
        return best

    def _search(self, level: _Level, log_scale: torch.Tensor) -> Tuple[WarpParams, torch.Tensor]:
        """Every rotation x flip x swirl x scale of each group's guess `log_scale` (its level's
        pixels), each at its best shift by FFT correlation: rows (G * C,) and scores (G, C)."""
        s = self.settings
        device = level.targets.device
        phi, strength, mirror = self._search_poses(device)
        count = len(phi)
        groups, height, width = level.targets.shape
        hypotheses = len(s.scale_factors)
        best = torch.zeros(groups, hypotheses, count, device=device)
        where = torch.zeros(groups, hypotheses, count, dtype=torch.long, device=device)
        target_sums = level.targets.flatten(1).sum(1)
        bank = self._bank(device)
        for h, factor in enumerate(s.scale_factors):
            keys = bank.keys(log_scale + math.log(factor))
            for key in keys.unique().tolist():
                members = (keys == key).nonzero()[:, 0]
                kernels, kernel_sums = self._search_kernels(key, device)
                size = kernels.shape[-1]
                chunk = max(1, s.max_search_elements // (count * (height + size)
                                                          * (width + size)))
                for part in members.split(chunk):
                    overlap = _correlate(level.targets[part], kernels)
                    dice = 2 * overlap / (kernel_sums[None, :, None, None]
                                          + target_sums[part, None, None, None])
                    dice = dice * level.valid[part, None]
                    best[part, h], where[part, h] = dice.flatten(2).max(2)
        group_log_scale = log_scale[:, None, None] + torch.log(
            torch.tensor(s.scale_factors, device=device))[None, :, None]
        rows = torch.stack([
            (where % width).float(), (where // width).float(),
            phi.expand_as(best), strength.expand_as(best),
            group_log_scale.expand_as(best), mirror.expand_as(best)], -1)
        return WarpParams(rows.reshape(-1, 6)), best.reshape(groups, -1)

    def _search_poses(self, device) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """phi, strength and mirror of every rotation x flip x swirl the search tries."""
        s = self.settings
        n_swirls = len(s.swirl_strengths)
        phi = torch.arange(s.angles, device=device).float().repeat_interleave(2 * n_swirls)
        phi = phi * (2 * math.pi / s.angles)
        strength = torch.tensor(s.swirl_strengths, device=device).repeat(2 * s.angles)
        mirror = torch.tensor([1.0, -1.0], device=device).repeat_interleave(n_swirls)
        return phi, strength, mirror.repeat(s.angles)

    def _search_kernels(self, key: int, device) -> Tuple[torch.Tensor, torch.Tensor]:
        """The search's poses of template `key` drawn centred in odd-sized squares, and their
        sums. They depend on nothing else, so each is drawn once per fitter and device."""
        cache_key = (torch.device(device), key)
        if cache_key not in self._kernels:
            if len(self._kernels) >= 64:  # about 2 MB each: bound the memory
                self._kernels.clear()
            phi, strength, mirror = self._search_poses(device)
            stack = self._bank(device).stack([key])
            size = int(math.ceil(self.logo_diagonal * stack.scales[0].item() * 1.05)) | 1
            centre = torch.full_like(phi, (size - 1) / 2)
            params = WarpParams.of(centre_x=centre, centre_y=centre, phi=phi,
                                   strength=strength, mirror=mirror,
                                   log_scale=stack.scales[0].log().expand(len(phi)))
            pixels = torch.arange(size, device=device).float()
            which = torch.zeros(len(phi), dtype=torch.long, device=device)
            kernels = render_logo(stack, which, params, pixels, pixels)
            self._kernels[cache_key] = kernels, kernels.sum((1, 2))
        return self._kernels[cache_key]

    # -- refinement and drawing -------------------------------------------------------------

    def _refine(self, level: _Level, params: WarpParams, owner: torch.Tensor, steps: int,
                union: bool = False) -> Tuple[WarpParams, torch.Tensor]:
        """Adam on soft Dice at `level`: each row against its owner group's target, or (union)
        the union of each group's rows. Returns the rows and their soft Dice (union: per
        group, zero for a group without rows).

        Only pixels the logos cover, or nearly, enter the Dice (pixels a logo leaves at zero
        add nothing to it): every `support_every` steps those are found again.
        """
        s = self.settings
        device = level.targets.device
        rows = params.rows.detach()
        stack, which = self._templates(rows[:, 4])
        step = torch.tensor(s.step_sizes, device=device)
        normalised = (rows[:, :5] / step).clone().requires_grad_(True)
        mirror = rows[:, 5:]
        optimiser = torch.optim.Adam([normalised], lr=1.0)
        target_sums = level.targets.flatten(1).sum(1)
        groups = len(level.targets)
        for iteration in range(steps + 1):
            current = torch.cat([normalised * step, mirror], 1)
            if iteration % s.support_every == 0:
                points, xs, ys, targets = self._support(level, stack, which, current.detach(),
                                                        owner, union)
            drawn = render_points(stack, which, WarpParams(current), xs, ys)[:, 0] * targets[1]
            if union:
                kept = torch.log1p(-drawn.clamp(max=1 - 1e-6))
                summed = torch.zeros(groups, kept.shape[1], device=device)
                drawn = 1 - summed.index_add(0, owner, kept).exp()
                group_targets = torch.zeros_like(drawn).index_copy(0, owner, targets[0])
                dice = 2 * (drawn * group_targets).sum(1) / (drawn.sum(1) + target_sums)
            else:
                dice = 2 * (drawn * targets[0]).sum(1) / (drawn.sum(1) + target_sums[owner])
            if iteration == steps:
                break
            optimiser.zero_grad()
            (1 - dice).sum().backward()
            optimiser.step()
        return WarpParams(current.detach()), dice.detach()

    def _support(self, level: _Level, stack, which, rows: torch.Tensor, owner: torch.Tensor,
                 union: bool):
        """The pixels each row's logo covers (union: each group's logos), widened by
        `support_radius`, as per-row point lists padded to one length: (indices, xs, ys,
        (targets, weights)), weight 0 on padding."""
        radius = self.settings.support_radius
        xs_grid, ys_grid = level.grid
        with torch.no_grad():
            covered = (render_logo(stack, which, WarpParams(rows), xs_grid, ys_grid) > 0.01)
            covered = covered.float()[:, None]
            covered = F.max_pool2d(covered, (1, 2 * radius + 1), 1, (0, radius))
            covered = F.max_pool2d(covered, (2 * radius + 1, 1), 1, (radius, 0))[:, 0] > 0
            covered &= level.valid[owner] > 0
            if union:
                per_group = torch.zeros((len(level.targets),) + covered.shape[1:],
                                        device=covered.device)
                covered = per_group.index_add(0, owner, covered.float())[owner] > 0
            covered = covered.flatten(1)
            length = max(int(covered.sum(1).max()), 1)
            points = covered.float().argsort(dim=1, descending=True, stable=True)[:, :length]
            weights = covered.gather(1, points).float()
            width = level.targets.shape[2]
            xs = (points % width).float()[:, None]
            ys = torch.div(points, width, rounding_mode='floor').float()[:, None]
            targets = level.targets[owner].flatten(1).gather(1, points) * weights
        return points, xs, ys, (targets, weights)

    def _templates(self, log_scale: torch.Tensor):
        """The template stack for these rows' scales and each row's index into it."""
        keys = self._bank(log_scale.device).keys(log_scale.detach())
        unique, which = keys.unique(return_inverse=True)
        return self._bank(log_scale.device).stack(unique.tolist()), which

    def _draw_masks(self, level: _Level, params: WarpParams, owner: torch.Tensor,
                    count: int) -> torch.Tensor:
        """(count, H, W) bool: the union of each group's rows drawn and thresholded."""
        stack, which = self._templates(params.rows[:, 4])
        with torch.no_grad():
            drawn = render_logo(stack, which, params, *level.grid) > MASK_THRESHOLD
            drawn = drawn & (level.valid[owner] > 0)
        masks = torch.zeros((count,) + drawn.shape[1:], device=drawn.device)
        return masks.index_add(0, owner, drawn.float()) > 0


def _solidity(mask: np.ndarray) -> float:
    """The mask's area over its convex hull's (pixel centres: a filled disc gives about 1)."""
    points = cv2.findNonZero(mask.astype(np.uint8))
    return float(mask.sum()) / max(cv2.contourArea(cv2.convexHull(points)), 1.0)


def _iou(masks: torch.Tensor, detected: torch.Tensor) -> torch.Tensor:
    inter = (masks & detected).flatten(1).sum(1).float()
    return inter / (masks | detected).flatten(1).sum(1).clamp(min=1).float()


def _best_per_group(params: WarpParams, scores: torch.Tensor, k: int,
                    owner: Optional[torch.Tensor] = None) -> Tuple[WarpParams, torch.Tensor]:
    """The k best rows of each group. `scores` is (G, C) with rows in that order, or (N,) with
    each row's group in `owner` (every group holding the same number of rows, in order)."""
    if owner is not None:
        groups = int(owner.max()) + 1 if len(owner) else 0
        scores = scores.reshape(groups, -1)
    groups, per_group = scores.shape
    k = min(k, per_group)
    index = scores.topk(k, dim=1).indices
    index = index + torch.arange(groups, device=scores.device)[:, None] * per_group
    index = index.reshape(-1)
    new_owner = torch.arange(groups, device=scores.device).repeat_interleave(k)
    return params[index], new_owner


def _rescale(params: WarpParams, ratio: torch.Tensor) -> WarpParams:
    """Rows in the pixels of a level `ratio` times finer than theirs."""
    rows = params.rows.clone()
    rows[:, :2] = (rows[:, :2] + 0.5) * ratio[:, None] - 0.5
    rows[:, 4] = rows[:, 4] + ratio.log()
    return WarpParams(rows)


def _downsample(level: _Level, factors: torch.Tensor) -> _Level:
    """Each group's window at 1/factor of its resolution (area averaging)."""
    images = []
    for target, valid, factor in zip(level.targets, level.valid, factors.tolist()):
        height = int(valid[:, 0].sum())
        width = int(valid[0].sum())
        window = target[:height, :width]
        if factor > 1:
            size = tuple(max(1, round(n / factor)) for n in window.shape)
            window = F.interpolate(window[None, None], size=size, mode='area')[0, 0]
        images.append(window)
    targets, valid = _pad_stack(images)
    return _Level(targets, valid, level.factors * factors)


def _correlate(images: torch.Tensor, kernels: torch.Tensor) -> torch.Tensor:
    """(G, N, H, W): at each pixel, the overlap of each kernel centred there with each image.

    The FFT is circular: a size of H + kh // 2 (not the full H + kh - 1) suffices, as what
    wraps around lands only on the rows and columns cut off below."""
    _, height, width = images.shape
    _, kh, kw = kernels.shape
    size = (next_fast_len(height + kh // 2, real=True),
            next_fast_len(width + kw // 2, real=True))
    spectrum = (torch.fft.rfft2(images, s=size)[:, None]
                * torch.fft.rfft2(kernels.flip(-1, -2), s=size)[None])
    full = torch.fft.irfft2(spectrum, s=size)
    top, left = kh - 1 - kh // 2, kw - 1 - kw // 2
    return full[..., top:top + height, left:left + width]
