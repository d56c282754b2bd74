"""A training recipe in words, read from the config a run saved in its work dir."""
from pathlib import Path
from typing import List, Optional, Tuple

from mmengine.config import Config

from .run_record import RECORD_NAME

_PLUMBING = ('LoadImageFromFile', 'LoadAnnotations', 'LoadBinaryAnnotations',
             'LoadFaceAnnotations', 'PackSegInputs')


def run_config(work_dir: Path) -> Tuple[Optional[Config], Optional[Path]]:
    """The config of the run's latest training session (`<timestamp>/vis_data/config.py`
    beside a run record), else of its latest session, else the copy the Runner dumps at the
    top of the work dir; (None, None) when there is none. A `tools/test.py` session in the
    same work dir is not the recipe: its config names the tested checkpoint in `load_from`."""
    work_dir = Path(work_dir)
    sessions = sorted(work_dir.glob('*/vis_data/config.py'))[::-1]
    trained = [p for p in sessions if (p.parent.parent / RECORD_NAME).is_file()]
    candidates = trained or sessions or sorted(
        work_dir.glob('*.py'), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        try:
            return Config.fromfile(str(path)), path
        except Exception:  # an unreadable copy: try the next one
            continue
    return None, None


def call(spec, skip=('type',)) -> str:
    """`Type(key=value, ...)` for a config dict."""
    if not isinstance(spec, dict):
        return str(spec)
    args = ', '.join(f'{k}={v}' for k, v in spec.items() if k not in skip and v is not None)
    return f"{spec.get('type', '?')}({args})"


def _losses(head) -> List[str]:
    losses = head.get('loss_decode') or []
    return [call(loss) for loss in (losses if isinstance(losses, (list, tuple)) else [losses])]


def _pretraining(cfg: Config) -> str:
    init = cfg.model.get('backbone', {}).get('init_cfg')
    parts = []
    if init:
        parts.append(call(init))
    if cfg.model.get('pretrained'):
        parts.append(f"pretrained={cfg.model.pretrained}")
    if cfg.get('load_from'):
        parts.append(f'whole model started from load_from={cfg.load_from}')
    return '; '.join(parts) or 'none: trained from scratch (no init_cfg, no load_from)'


def _crop(cfg: Config, pipeline: list) -> str:
    for step in pipeline:
        if 'crop_size' in step:
            return f"{step['crop_size']} ({step['type']})"
    if cfg.get('crop_size'):
        return str(cfg.crop_size)
    return 'none: whole images (no crop step in the training pipeline)'


def describe(cfg: Config) -> List[Tuple[str, str]]:
    """(item, value) rows: model, backbone and its pretraining, heads and losses, optimizer,
    schedule, batch, crop, augmentation, data."""
    model = cfg.model
    rows = [('model', call(dict(type=model.type)).replace('()', ''))]
    if model.get('backbone'):
        rows.append(('backbone', call(model.backbone, skip=('type', 'init_cfg', 'norm_cfg',
                                                            'act_cfg'))))
    rows.append(('pretraining', _pretraining(cfg)))
    for name in ('decode_head', 'auxiliary_head'):
        heads = model.get(name)
        for head in heads if isinstance(heads, (list, tuple)) else [heads] if heads else []:
            out_channels = head.get('out_channels', head.get('num_classes'))
            rows.append((name.replace('_', ' '), f"{head.type}, {head.get('num_classes')} "
                         f"classes, out_channels={out_channels}"))
            rows.append((f"{name.replace('_', ' ')} losses", '; '.join(_losses(head)) or '—'))
    optim = cfg.get('optim_wrapper', {})
    rows.append(('optimizer', f"{call(optim.get('optimizer', {}))} in {optim.get('type')}"))
    schedulers = cfg.get('param_scheduler') or []
    schedulers = schedulers if isinstance(schedulers, (list, tuple)) else [schedulers]
    rows.append(('learning rate schedule', '; '.join(
        call(s, skip=('type', 'by_epoch')) for s in schedulers) or 'constant'))
    rows.append(('training loop', call(cfg.get('train_cfg', {}))))
    loader = cfg.get('train_dataloader', {})
    rows.append(('batch size', str(loader.get('batch_size'))))
    pipeline = loader.get('dataset', {}).get('pipeline') or cfg.get('train_pipeline') or []
    rows.append(('crop', _crop(cfg, pipeline)))
    rows.append(('augmentation', '; '.join(
        call(step) for step in pipeline
        if step['type'] not in _PLUMBING and 'crop_size' not in step) or 'none'))
    dataset = loader.get('dataset', {})
    rows.append(('training data', f"{dataset.get('type')} at {dataset.get('data_root')} "
                 f"{dataset.get('data_prefix', '')}"))
    return rows
