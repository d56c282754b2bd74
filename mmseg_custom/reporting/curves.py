"""The one reader of a run's curves, for tools/plot_curves.py and tools/report.py.

mmengine's LocalVisBackend writes `<work_dir>/<timestamp>/vis_data/scalars.json`, one JSON
record per logging step. Keys differ between configs: plain (`loss`, `mIoU`, `image_iou`) with
default_runtime.py, prefixed by split (`train/loss`, `val/iou`, `val/val_loss`) with
`log_with_hierarchy=True` (configs/_base_/logging/). Both are read here; a resumed run's later
sessions replace the steps they repeat.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

from mmseg_custom.file_output import write_figure_atomically  # noqa: E402

# Keys that are bookkeeping, not scores.
_NOT_METRICS = {'data_time', 'time', 'step', 'iter', 'epoch', 'lr', 'memory', 'loss',
                'val_loss', 'base_lr', 'grad_norm'}
# The main metric when the config does not name one: the first of these that was logged.
_PREFERRED = ('mIoU', 'image_iou', 'iou', 'mDice', 'kaggle_dice', 'mAcc', 'aAcc', 'accuracy')


@dataclass
class Series:
    steps: List[int] = field(default_factory=list)
    values: List[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.steps)


@dataclass
class Curves:
    """Training loss, validation loss and the validation metric against the iteration."""
    train_loss: Series
    val_loss: Series
    metric: Optional[str]
    val_metric: Series
    train_metric: Series  # the same metric on training batches, where a hook logs it
    val_records: Dict[int, dict]  # every validation's scores by iteration
    sources: List[Path]


def _split(record: dict) -> Tuple[str, dict]:
    """('train' or 'val', the record's scalars without their split prefix)."""
    plain, split = {}, None
    for key, value in record.items():
        if '/' in key:
            prefix, key = key.split('/', 1)
            split = split or prefix
        plain[key] = value
    if split is None:
        split = 'train' if 'lr' in plain or 'loss' in plain or 'iter' in plain else 'val'
    return split, plain


def read_records(work_dir: Path) -> Tuple[Dict[int, dict], Dict[int, dict], List[Path]]:
    """({step: training scalars}, {step: validation scalars}, the files read)."""
    train, val = {}, {}
    sources = sorted(Path(work_dir).glob('*/vis_data/scalars.json'))
    for path in sources:
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by an interrupted run
            split, plain = _split(record)
            step = plain.pop('step', None)
            if step is None:
                continue
            target = train if split == 'train' else val
            target.setdefault(int(step), {}).update(plain)
    return train, val, sources


def pick_metric(val: Dict[int, dict], wanted: Optional[str] = None) -> Optional[str]:
    """The metric to plot: `wanted` if it was logged, else the first preferred one logged,
    else the first score of the first validation (mmengine's save_best='auto' rule)."""
    logged = [k for record in val.values() for k in record
              if k not in _NOT_METRICS and isinstance(record[k], (int, float))]
    if wanted and wanted in logged:
        return wanted
    for name in _PREFERRED:
        if name in logged:
            return name
    return logged[0] if logged else None


def _series(records: Dict[int, dict], key: Optional[str]) -> Series:
    points = sorted((s, r[key]) for s, r in records.items() if key and key in r)
    return Series([s for s, _ in points], [float(v) for _, v in points])


def read_curves(work_dir: Path, metric: Optional[str] = None) -> Curves:
    """The curves of every scalars.json in the work dir (empty series where nothing was
    logged)."""
    train, val, sources = read_records(work_dir)
    name = pick_metric(val, metric)
    return Curves(train_loss=_series(train, 'loss'), val_loss=_series(val, 'val_loss'),
                  metric=name, val_metric=_series(val, name), train_metric=_series(train, name),
                  val_records={s: {k: v for k, v in r.items() if k not in ('data_time', 'time')}
                               for s, r in sorted(val.items())},
                  sources=sources)


def _draw(axes, series: Series, label: str) -> None:
    # a marker on every point of short series, so a single validation shows
    axes.plot(series.steps, series.values, label=label,
              marker='o' if len(series) <= 30 else None)


def draw_losses(axes, curves: Curves) -> None:
    _draw(axes, curves.train_loss, 'training loss')
    if len(curves.val_loss):
        _draw(axes, curves.val_loss, 'validation loss')
    axes.set(title='loss', xlabel='iteration', ylabel='loss')
    axes.legend()


def draw_metric(axes, curves: Curves) -> None:
    name = curves.metric or 'metric'
    if len(curves.train_metric):
        _draw(axes, curves.train_metric, f'training {name}')
    _draw(axes, curves.val_metric, f'validation {name}')
    axes.set(title=name, xlabel='iteration', ylabel=f'{name} (%)')
    axes.legend()


def save_figure(target: Path, *drawers, curves: Curves) -> None:
    """One row of panels, one per drawer, written as a PNG."""
    figure, panels = plt.subplots(1, len(drawers), figsize=(5 * len(drawers), 4), squeeze=False)
    for axes, drawer in zip(panels[0], drawers):
        drawer(axes, curves)
    figure.tight_layout()
    try:
        write_figure_atomically(figure, target, dpi=100)
    finally:
        plt.close(figure)
