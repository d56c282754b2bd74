"""Images per second of each stage of infer.py's path, on the same images in one run.

The forward pass alone (images decoded and preprocessed beforehand) sets each path's limit:
one forward pass per image for infer.py without TTA or the logo fit and for a plain loop over
`mmseg.apis.inference_model`; one per view for the config's TTA, alone and with the logo fit
(infer.py's default for the logo).
"""
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Sequence

import torch
from mmengine.dataset import pseudo_collate
from mmseg.apis import inference_model

from mmseg_custom.image_io import read_bgr_uint8
from mmseg_custom.inference import (build_test_pipeline, drop_annotation_loaders,
                                    predict_files, wrap_for_tta)

FORWARD = 'forward pass alone'
PLAIN = 'infer.py --no-tta --no-fit-logo'
TTA = 'infer.py --no-fit-logo (TTA)'
FIT = 'infer.py (TTA and logo fit)'
LOOP = 'loop over mmseg.apis.inference_model'


@dataclass
class Measure:
    name: str
    seconds: float
    images: int
    passes: int = 1  # forward passes per image at best: the path's limit

    @property
    def rate(self) -> float:
        return self.images / self.seconds


def timed(name: str, images: int, work: Callable[[], None], passes: int = 1) -> Measure:
    start = time.perf_counter()
    work()
    return Measure(name, time.perf_counter() - start, images, passes)


def _drain(iterator) -> None:
    for _ in iterator:
        pass


def count_views(model: torch.nn.Module, path: Path) -> int:
    """How many views of an image the config's tta_pipeline makes."""
    pipeline = build_test_pipeline(model.cfg, tta=True)
    return len(pipeline(dict(img=read_bgr_uint8(path), img_path=str(path)))['inputs'])


def benchmark(model: torch.nn.Module, paths: Sequence[Path], batch_size: int = 1,
              workers: int = 0, fitter=None, fit_workers: Optional[int] = None) -> List[Measure]:
    """The paths' measures, forward pass first; the TTA and fit rows only where the config
    defines a TTA and a fitter is given."""
    from mmseg_custom.logo_fit.stream import fit_predictions
    # inference_model drops only mmseg's own LoadAnnotations from cfg.test_pipeline
    model.cfg.test_pipeline = drop_annotation_loaders(model.cfg.test_pipeline)
    pipeline = build_test_pipeline(model.cfg)
    items = [pipeline(dict(img=read_bgr_uint8(p), img_path=str(p))) for p in paths]
    batches = [model.data_preprocessor(pseudo_collate(items[i:i + batch_size]), False)
               for i in range(0, len(items), batch_size)]
    count = len(paths)

    def forward():
        with torch.inference_mode():
            for batch in batches:
                model(batch['inputs'], batch['data_samples'], mode='tensor')

    def plain_loop():
        with torch.no_grad():
            for path in paths:
                inference_model(model, str(path))

    inference_model(model, str(paths[0]))  # warm-up
    measures = [timed(FORWARD, count, forward),
                timed(PLAIN, count,
                      lambda: _drain(predict_files(model, paths, batch_size, workers)))]
    if model.cfg.get('tta_model') is not None and model.cfg.get('tta_pipeline') is not None:
        tta, views = wrap_for_tta(model), count_views(model, paths[0])
        measures.append(timed(TTA, count,
                              lambda: _drain(predict_files(tta, paths, batch_size, workers)),
                              views))
        if fitter is not None:
            measures.append(timed(FIT, count, lambda: _drain(
                fit_predictions(fitter, predict_files(tta, paths, batch_size, workers),
                                fit_workers)), views))
    measures.append(timed(LOOP, count, plain_loop))
    return measures


def format_table(measures: Sequence[Measure]) -> str:
    """One row per path: images/s, seconds per image, the share of the forward pass's rate
    it reaches, and the share of its own limit (the forward pass's rate over the passes per
    image the path needs); then the default path's seconds per image."""
    forward = measures[0].rate
    lines = [f'{"path":<40}images/s  s/image  of forward pass  of its limit (passes)']
    for m in measures:
        lines.append(f'{m.name:<40}{m.rate:8.2f}  {m.seconds / m.images:7.3f}  '
                     f'{m.rate / forward:14.2f}x  {m.rate * m.passes / forward:11.2f}x '
                     f'({m.passes})')
    lines.append('')
    by_name = {m.name: m for m in measures}
    if FIT in by_name:
        default = by_name[FIT]
        lines.append(f'the default path (infer.py): {default.seconds / default.images:.3f} s '
                     'per image')
    if FIT in by_name and TTA in by_name:
        ratio = by_name[FIT].seconds / by_name[TTA].seconds
        lines.append(f'the logo fit: infer.py takes {ratio:.2f}x the time of '
                     f'infer.py --no-fit-logo (target: 3x at most)')
    return '\n'.join(lines)
