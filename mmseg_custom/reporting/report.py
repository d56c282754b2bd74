"""A training run's report, made from its work dir alone (plus, optionally, images and masks
for sample predictions): what every challenge asks to be reported, and what the work dir lacks.
"""
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import List, Optional, Tuple

from mmengine.config import Config

from mmseg_custom.errors import UserError
from mmseg_custom.file_output import prepare_folder, write_files_together
from .curves import Curves, draw_losses, draw_metric, read_curves, save_figure
from .document import Block, Bullets, Figure, Heading, Paragraph, Table, to_html, to_markdown
from .logs import class_tables, logged_seconds
from .recipe import describe, run_config
from .run_record import read_records, wall_seconds

_BEST = re.compile(r'^best_(.+)_(?:iter|epoch)_(\d+)\.pth$')
_LAST = re.compile(r'^(?:iter|epoch)_(\d+)\.pth$')


class ReportError(UserError):
    """The work dir holds nothing to report on; the message names it."""


@dataclass
class Report:
    markdown: Path
    html: Path
    figures: List[Path]
    missing: List[str] = field(default_factory=list)


def _duration(seconds: float) -> str:
    hours, rest = divmod(int(round(seconds)), 3600)
    return f'{hours} h {rest // 60:02d} min {rest % 60:02d} s ({seconds / 3600:.3f} h)'


def _figure_value(value) -> str:
    return f'{value:.4g}' if isinstance(value, float) else str(value)


def best_checkpoint(work_dir: Path,
                    metric: Optional[str]) -> Tuple[Optional[Path], str, Optional[int]]:
    """(checkpoint, how it was chosen, its iteration): the `best_<metric>_iter_N.pth` of the
    main metric, else any best checkpoint, else the last one."""
    bests = []
    for path in sorted(Path(work_dir).glob('best_*.pth')):
        found = _BEST.match(path.name)
        if found:
            bests.append((found.group(1), int(found.group(2)), path))
    for key, iteration, path in bests:
        if metric and key == metric.replace('/', '_'):
            return path, f'best by validation {metric}', iteration
    if bests:
        key, iteration, path = bests[0]
        return path, f'best by {key}', iteration
    lasts = [(int(m.group(1)), p) for p in Path(work_dir).glob('*.pth')
             if (m := _LAST.match(p.name))]
    if lasts:
        iteration, path = max(lasts)
        return path, 'the last checkpoint (the config saves no best checkpoint)', iteration
    return None, 'no checkpoint in the work dir', None


def _hardware_blocks(records: List[dict], work_dir: Path, missing: List[str]) -> List[Block]:
    blocks: List[Block] = [Heading('Compute')]
    if not records:
        missing.append('no run record (<timestamp>/run_record.json): the run predates '
                       'RunRecordHook or its config drops it from custom_hooks, so the '
                       'hardware, library versions and exact wall time are unknown')
        seconds = logged_seconds(work_dir)
        text = ('Hardware: not recorded (no run_record.json in this work dir). ')
        if seconds is not None:
            text += (f'Wall time estimated from the first and last log lines: '
                     f'{_duration(seconds)}; GPU-hours unknown.')
        else:
            text += 'Wall time: unknown (no logs either).'
        blocks.append(Paragraph(text))
        return blocks
    last = records[-1]
    hw, sw = last.get('hardware', {}), last.get('software', {})
    gpus = hw.get('gpus_used') or 0
    device = (f"{gpus} × {hw.get('gpu_model')}" if gpus else
              f"CPU only ({len(hw.get('gpus_present') or [])} GPU(s) present, none used)")
    rows = [('training device', device),
            ('CPU', f"{hw.get('cpu_model')}, {hw.get('cpu_cores')} cores "
                    f"({hw.get('cpu_cores_usable')} usable by the run)"),
            ('GPUs on the machine', ', '.join(hw.get('gpus_present') or []) or 'none'),
            ('software', ', '.join(f'{k} {v}' for k, v in sw.items() if k != 'platform')),
            ('platform', str(sw.get('platform')))]
    total, gpu_hours = 0.0, 0.0
    for record in records:
        seconds = wall_seconds(record) or 0.0
        total += seconds
        gpu_hours += seconds / 3600 * (record.get('hardware', {}).get('gpus_used') or 0)
    unfinished = [r for r in records if not r.get('finished')]
    rows.append(('sessions', f"{len(records)} (iterations {records[0].get('start_iter')} to "
                             f"{last.get('last_iter')} of {last.get('max_iters')})"))
    rows.append(('started', records[0].get('started')))
    rows.append(('ended', last.get('finished') or f"not finished; last progress at "
                                                  f"{last.get('updated')}"))
    rows.append(('wall time', _duration(total)))
    rows.append(('GPU-hours', f'{gpu_hours:.3f}'))
    blocks.append(Table(['item', 'value'], rows))
    if unfinished:
        missing.append(f'{len(unfinished)} training session(s) did not finish (interrupted): '
                       'their wall time runs to their last checkpoint or progress update')
    return blocks


def _parameter_blocks(records, cfg: Optional[Config], missing: List[str]) -> List[Block]:
    counts = {r.get('trainable_parameters') for r in records} - {None}
    if counts:
        count = max(counts)
        source = 'recorded at the start of training'
    elif cfg is not None:
        from mmengine.registry import init_default_scope
        from mmseg.registry import MODELS
        from .run_record import trainable_parameters
        init_default_scope(cfg.get('default_scope', 'mmseg'))
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            count = trainable_parameters(MODELS.build(cfg.model))
        source = 'computed now from the saved config (no run record)'
    else:
        missing.append('the trainable parameter count: no run record and no config')
        return [Paragraph('Trainable parameters: unknown.')]
    return [Paragraph(f'Trainable parameters: {count:,} ({count / 1e6:.2f} M), '
                      f'sum(p.numel() for p in model.parameters() if p.requires_grad), '
                      f'{source}.')]


def _curve_blocks(curves: Curves, out: Path, figures: List[Path],
                  missing: List[str]) -> List[Block]:
    blocks: List[Block] = [Heading('Curves')]
    if not curves.sources:
        missing.append('curves: no */vis_data/scalars.json (nothing was logged)')
        blocks.append(Paragraph('No curves: the work dir has no vis_data/scalars.json.'))
        return blocks
    if not len(curves.val_loss):
        missing.append('the validation loss: not logged (no ValidationLossHook in the '
                       'config)')
    if not len(curves.val_metric):
        missing.append('validation scores: no validation ran')
    loss_png, metric_png = out / 'loss.png', out / 'metric.png'
    save_figure(loss_png, draw_losses, curves=curves)
    figures.append(loss_png)
    blocks.append(Figure(loss_png, f'Training loss ({len(curves.train_loss)} points) and '
                                   f'validation loss ({len(curves.val_loss)} points)'))
    if len(curves.val_metric):
        save_figure(metric_png, draw_metric, curves=curves)
        figures.append(metric_png)
        blocks.append(Figure(metric_png, f'Validation {curves.metric} '
                                         f'({len(curves.val_metric)} validations)'))
    return blocks


def _best_blocks(work_dir: Path, curves: Curves, missing: List[str]):
    checkpoint, how, iteration = best_checkpoint(work_dir, curves.metric)
    blocks: List[Block] = [Heading('Best checkpoint')]
    if checkpoint is None:
        missing.append('checkpoints: none in the work dir')
        blocks.append(Paragraph('No checkpoint in the work dir.'))
        return blocks, None, None
    blocks.append(Paragraph(f'{checkpoint.name}: {how}, iteration {iteration}.'))
    scores = curves.val_records.get(iteration)
    if scores:
        blocks.append(Table(['score', 'value'],
                            [(k, _figure_value(v)) for k, v in scores.items()]))
    else:
        missing.append(f'the scores of {checkpoint.name}: no validation logged at '
                       f'iteration {iteration}')
    return blocks, checkpoint, iteration


def _class_blocks(work_dir: Path, iteration: Optional[int]) -> List[Block]:
    tables = class_tables(work_dir)
    if not tables:
        return []
    at = iteration if iteration in tables else max(tables)
    header, rows = tables[at]
    which = 'the best checkpoint' if at == iteration else 'the last validation'
    return [Heading('Per-class scores'),
            Paragraph(f'From the validation at iteration {at} ({which}), as logged.'),
            Table(header, rows)]


def make_report(work_dir: Path, out: Optional[Path] = None, images: Optional[Path] = None,
                masks: Optional[Path] = None, device: str = 'cpu', samples: int = 3,
                metric: Optional[str] = None) -> Report:
    """Write out/report.md, out/report.html and the figures, all or none; returns what was
    written and what the work dir lacks. The curve is `metric` where it was logged, else the
    one the config saves its best checkpoint by."""
    work_dir = Path(work_dir)
    if not work_dir.is_dir():
        raise ReportError(f'{work_dir} is not a folder; give the --work-dir of a '
                          'tools/train.py run')
    out = Path(out) if out else work_dir / 'report'
    cfg, cfg_path = run_config(work_dir)
    records = read_records(work_dir)
    curves = read_curves(work_dir, metric or _save_best(cfg))
    if cfg is None and not records and not curves.sources:
        raise ReportError(f'{work_dir} holds no training run (no config, run record or logs); '
                          'give the --work-dir of a tools/train.py run')
    prepare_folder(out)
    missing: List[str] = []
    figures: List[Path] = []
    try:  # the report is whole or absent: a failure removes the figures it wrote
        title = f'Training report: {work_dir.resolve().name}'
        blocks: List[Block] = [Heading(title, 1),
                               Paragraph(f'Work dir: {work_dir.resolve()}. Made by '
                                         f'tools/report.py on {datetime.now():%Y-%m-%d %H:%M}.')]
        blocks.append(Heading('Recipe'))
        if cfg is None:
            missing.append('the config: no <timestamp>/vis_data/config.py nor a config copy')
            blocks.append(Paragraph('Unknown: the work dir holds no config.'))
        else:
            blocks.append(Paragraph(f'Read from {cfg_path.relative_to(work_dir)}.'))
            blocks.append(Table(['item', 'setting'], describe(cfg)))
        blocks += _parameter_blocks(records, cfg, missing)
        blocks += _hardware_blocks(records, work_dir, missing)
        blocks += _curve_blocks(curves, out, figures, missing)
        best_blocks, checkpoint, iteration = _best_blocks(work_dir, curves, missing)
        blocks += best_blocks
        blocks += _class_blocks(work_dir, iteration)
        if images is not None:
            from .samples import sample_blocks
            blocks += sample_blocks(cfg, checkpoint, Path(images), Path(masks), out, figures,
                                    device=device, count=samples)
        if missing:
            blocks[2:2] = [Heading('What this work dir lacks'), Bullets(missing)]
        markdown, page = out / 'report.md', out / 'report.html'
        write_files_together([(markdown, to_markdown(blocks).encode()),
                              (page, to_html(blocks, title).encode())])
    except BaseException:
        for figure in figures:
            figure.unlink(missing_ok=True)
        raise
    return Report(markdown, page, figures, missing)


def _save_best(cfg: Optional[Config]) -> Optional[str]:
    """The metric the config's CheckpointHook selects by (the first one if several)."""
    if cfg is None:
        return None
    best = cfg.get('default_hooks', {}).get('checkpoint', {}).get('save_best')
    best = best[0] if isinstance(best, (list, tuple)) and best else best
    return None if best in (None, 'auto') else str(best)
