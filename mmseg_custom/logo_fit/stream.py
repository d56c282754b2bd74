"""Fit the logos of a stream of predictions where it is cheapest: in batches on the GPU the
network ran on, or in worker processes beside the network on CPUs.

On CPUs the fit is many mid-sized tensor operations that one thread runs about as fast as
two, so each worker runs torch on one thread and fits one image while the main process
predicts the next ones on the cores the workers leave (at least one thread), so that the
two do not compete for the same cores.
"""
import multiprocessing
import os
from collections import deque
from typing import Iterable, Iterator, Optional

import numpy as np
import torch
from mmengine.structures import PixelData

from mmseg_custom.inference import Failure, foreground_probabilities
from .fitter import FitSettings, LogoFitter

_worker_fitter: Optional[LogoFitter] = None


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()


def fit_predictions(fitter: LogoFitter, results: Iterable, workers: Optional[int] = None,
                    gpu_batch: int = 8) -> Iterator:
    """Each result of `predict_files` with its `pred_sem_seg` replaced by the fitted mask, in
    input order; a `Failure` passes through.

    Predictions on a GPU are fitted there, `gpu_batch` images at a time. On the CPU,
    `workers` processes (default: one per usable core; 0 fits in this process) fit one image
    each.
    """
    if workers is None:
        workers = usable_cpus()
    pool = None
    pending = deque()
    threads = torch.get_num_threads()
    try:
        for result in results:
            if isinstance(result, Failure):
                pending.append((result, None))
            else:
                probabilities = foreground_probabilities(result)
                if probabilities.device.type != 'cpu':
                    pending.append((result, probabilities))
                    if sum(p is not None for _, p in pending) >= gpu_batch:
                        yield from _fit_in_process(fitter, pending)
                    continue
                if workers == 0:
                    pending.append((result, probabilities))
                    yield from _fit_in_process(fitter, pending)
                    continue
                if pool is None:
                    pool = multiprocessing.get_context('fork').Pool(
                        workers, initializer=_start_worker,
                        initargs=(fitter.alpha, fitter.settings))
                    # the network shares the cores with the workers from now on
                    torch.set_num_threads(max(1, usable_cpus() - workers))
                task = pool.apply_async(_fit_in_worker, (probabilities.numpy(),))
                pending.append((result, task))
            # keep enough images in flight to keep every worker busy, no more
            while (pending and not isinstance(pending[0][1], torch.Tensor)
                   and (len(pending) > 2 * max(workers, 1) or _ready(pending[0][1]))):
                yield _finish(*pending.popleft())
        yield from _fit_in_process(fitter, pending)
    finally:
        if pool is not None:
            pool.terminate()
        torch.set_num_threads(threads)


def _ready(task) -> bool:
    return task is None or task.ready()


def _fit_in_process(fitter: LogoFitter, pending: deque):
    """Fit every map still held in `pending` (as one batch) and yield all of it in order."""
    maps = [p for _, p in pending if isinstance(p, torch.Tensor)]
    masks = iter(fitter.fit_masks(maps)) if maps else iter(())
    while pending:
        result, task = pending.popleft()
        yield _finish(result, next(masks) if isinstance(task, torch.Tensor) else task)


def _finish(result, mask):
    if isinstance(result, Failure) or mask is None:
        return result
    if not isinstance(mask, np.ndarray):
        mask = mask.get()
    device = result.pred_sem_seg.data.device
    result.pred_sem_seg = PixelData(data=torch.from_numpy(mask)[None].to(device))
    return result


def _start_worker(alpha: np.ndarray, settings: FitSettings) -> None:
    global _worker_fitter
    torch.set_num_threads(1)
    _worker_fitter = LogoFitter(alpha, settings)


def _fit_in_worker(probabilities: np.ndarray) -> np.ndarray:
    return _worker_fitter.fit_mask(probabilities)
