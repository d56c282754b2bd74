"""Choose the fit's settings on validation data: the network's probabilities are predicted
once, then each candidate `FitSettings` is scored by the mean per-image IoU and timed in CPU
seconds per image on one torch thread, as infer.py's fit workers run it. Acceptance rules are
compared on fits made once (`fit_all_groups`, `score_acceptance`), for the right template and
for a wrong one."""
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, Sequence

import numpy as np
import torch
from tqdm import tqdm

from mmseg_custom.errors import InputError, OptionError
from mmseg_custom.evaluation.binary_scores import Counts, summarize
from mmseg_custom.evaluation.mask_files import by_stem, read_binary
from mmseg_custom.file_output import first_dot_stem, refuse_shared_names
from mmseg_custom.image_io import UnreadableImageError
from mmseg_custom.inference import Failure, foreground_probabilities, predict_files
from .fitter import MASK_THRESHOLD, FitSettings, LogoFitter, apply_fits


@dataclass
class SettingsScore:
    overrides: dict  # the FitSettings fields changed from the defaults; None: no fit
    image_iou: float
    cpu_seconds: float  # of the fit, per image


def predict_probabilities(model, paths: Sequence[Path]) -> Dict[str, np.ndarray]:
    """{image stem: the model's logo probabilities}, what the fit reads. Two images with one
    stem would be scored against one mask and are refused, naming both."""
    refuse_shared_names(paths, first_dot_stem, 'ground-truth mask matched by the name')
    probabilities = {}
    results = predict_files(model, paths, batch_size=1, num_workers=0)
    for result in tqdm(results, total=len(paths), desc='predict', unit='img'):
        if isinstance(result, Failure):
            raise UnreadableImageError(result.reason)
        stem = first_dot_stem(Path(result.img_path))
        probabilities[stem] = foreground_probabilities(result).cpu().numpy()
    return probabilities


def read_truths(mask_dir: Path, stems: Sequence[str]) -> Dict[str, np.ndarray]:
    """The ground-truth mask of every stem; a missing one is an error naming it."""
    masks = by_stem(mask_dir)
    missing = [stem for stem in stems if stem not in masks]
    if missing:
        raise InputError(f'{len(missing)} image(s) have no mask in {mask_dir}, '
                         f'e.g. {missing[0]}')
    return {stem: read_binary(masks[stem]) for stem in stems}


def score_settings(alpha: np.ndarray, probabilities: Dict[str, np.ndarray],
                   truths: Dict[str, np.ndarray], overrides=None) -> SettingsScore:
    """The mean per-image IoU with the fit under `overrides` (None: the network's own mask)
    and the fit's CPU seconds per image."""
    fitter = None if overrides is None else LogoFitter(alpha, FitSettings(**overrides))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    counts, seconds = [], 0.0
    try:
        for stem, probability in probabilities.items():
            start = time.process_time()
            mask = (probability > MASK_THRESHOLD if fitter is None
                    else fitter.fit_mask(probability))
            seconds += time.process_time() - start
            counts.append(Counts.of(mask, truths[stem]))
    finally:
        torch.set_num_threads(threads)
    return SettingsScore(overrides, summarize(counts)['image_iou'],
                         seconds / len(probabilities))


ACCEPTANCE_FIELDS = ('min_agreement', 'min_agreement_one_logo', 'min_explained')


def fit_all_groups(alpha: np.ndarray, probabilities: Dict[str, np.ndarray]):
    """(fitter, {stem: (network mask, group fits)}): every group fitted once, on one torch
    thread, so that acceptance rules can be compared without fitting again."""
    fitter = LogoFitter(alpha)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        fitted = {}
        for stem, probability in tqdm(probabilities.items(), desc='fit', unit='img'):
            detected, fits = fitter.fit_groups([probability])
            fitted[stem] = (detected[0], fits)
    finally:
        torch.set_num_threads(threads)
    return fitter, fitted


def score_acceptance(fitter: LogoFitter, fitted, truths: Dict[str, np.ndarray],
                     overrides: dict) -> float:
    """The mean per-image IoU when the fits of `fitted` are accepted by the rule of the
    defaults changed by `overrides` (keys among ACCEPTANCE_FIELDS)."""
    unknown = set(overrides) - set(ACCEPTANCE_FIELDS)
    if unknown:
        raise OptionError(f'{sorted(unknown)} are not acceptance settings; use '
                          f'{", ".join(ACCEPTANCE_FIELDS)}')
    settings = replace(fitter.settings, **overrides)
    counts = [Counts.of(apply_fits([detected], fits,
                                   lambda fit: fitter.accepts(fit, settings))[0], truths[stem])
              for stem, (detected, fits) in fitted.items()]
    return summarize(counts)['image_iou']
