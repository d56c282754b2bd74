"""The one rule for weights and models: a checkpoint that is not one, or whose weights do not
fit the model exactly, is a CheckpointError naming the files (never a warning followed by
predictions of random weights).

Loading itself is mmengine's: the OneDL fork loads its own full checkpoints (message hub,
optimizer and scheduler state, the config) safely under torch >= 2.6 (`weights_only=True` with
an allow-list of its types), for train.py, test.py, infer.py and the Python API alike.
"""
import os.path as osp
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import torch
from mmengine.model import BaseTTAModel
from mmengine.runner import CheckpointLoader

from mmseg_custom.errors import UserError


class CheckpointError(UserError):
    """A checkpoint file that cannot be read, or whose weights do not fit the model."""


TRAINED_CHECKPOINT = 'give a .pth written by tools/train.py'


def read_checkpoint(filename, advice: str = TRAINED_CHECKPOINT) -> dict:
    """The checkpoint's dict, or CheckpointError in one line (ending in `advice`) when the file
    is not one."""
    filename = str(filename)
    if osp.isdir(filename):
        raise CheckpointError(f'checkpoint {filename} is a folder; give the .pth file in it')
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} does not exist')
    try:
        checkpoint = CheckpointLoader.load_checkpoint(filename, map_location='cpu')
    except FileNotFoundError:
        raise
    except Exception as error:  # torch raises many types for a file that is not a checkpoint
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CheckpointError(f'{filename} is not a PyTorch checkpoint ({reason[:120]}); '
                              f'{advice}') from None
    if not isinstance(checkpoint, dict):
        raise CheckpointError(f'{filename} holds a {type(checkpoint).__name__}, not a '
                              f'checkpoint dict; {advice}')
    return checkpoint


# the names CheckpointHook gives: iter_<n>.pth, or epoch_<n>.pth for epoch-based runs
SAVED_NAME = re.compile(r'^(?:iter|epoch)_(\d+)\.pth$')


class ResumeConfigError(CheckpointError):
    """`--resume` with a config other than the one the work dir's run was trained with."""


@dataclass
class ResumePoint:
    """The checkpoint `--resume` continues, what its meta says and how it was chosen."""
    checkpoint: str
    meta: dict
    weights: dict
    how: str


def saved_checkpoints(work_dir) -> List[Path]:
    """The work dir's `iter_<n>.pth` (or `epoch_<n>.pth`), newest first."""
    found = [(int(m.group(1)), path) for path in Path(work_dir).iterdir()
             if (m := SAVED_NAME.match(path.name)) and path.is_file()]
    return [path for _, path in sorted(found, reverse=True)]


def resume_point(work_dir) -> Optional[ResumePoint]:
    """The checkpoint `--resume` continues, or None for a run not started yet.

    mmengine's `last_checkpoint` file names it by the path the run was saved under; the file
    is looked up by that name inside `work_dir`, so a moved or copied work dir resumes its own
    run (the old path may be gone, or be another run's). An unreadable file there is a
    CheckpointError saying how to go on. With no (or an empty) `last_checkpoint`, as in a
    work dir copied without it, the newest checkpoint that loads is taken: a run is never
    started over silently on top of its own checkpoints.
    """
    record = Path(work_dir) / 'last_checkpoint'
    named = record.read_text().strip() if record.is_file() else ''
    if not named:
        return _newest_whole(work_dir)
    name = Path(named).name
    checkpoint = Path(work_dir) / name
    if not checkpoint.is_file():
        raise CheckpointError(f'{record} names {name}, which is not in {work_dir}: write the '
                              'name of a checkpoint that is there into it, or train without '
                              '--resume')
    loaded = read_checkpoint(checkpoint, advice=f'an interrupted save leaves such a file: '
                             f'write the name of an earlier checkpoint into {record}, or train '
                             f'without --resume')
    return ResumePoint(str(checkpoint), loaded.get('meta', {}), weights_of(loaded),
                       f'resuming from {checkpoint}')


def _newest_whole(work_dir) -> Optional[ResumePoint]:
    candidates = saved_checkpoints(work_dir) if Path(work_dir).is_dir() else []
    refused = []
    for checkpoint in candidates:
        try:
            loaded = read_checkpoint(checkpoint)
        except CheckpointError as error:
            refused.append((checkpoint.name, str(error)))
            continue
        skipped = f' ({", ".join(n for n, _ in refused)} not whole, skipped)' if refused else ''
        return ResumePoint(str(checkpoint), loaded.get('meta', {}), weights_of(loaded),
                           f'{work_dir} has no last_checkpoint file: resuming from its newest '
                           f'whole checkpoint, {checkpoint.name}{skipped}')
    if refused:
        raise CheckpointError(f'{work_dir} holds checkpoints but none loads ({refused[0][1]}); '
                              f'move them away to train afresh there, or give another '
                              f'--work-dir')
    return None


def held_config_name(work_dir, meta: dict) -> Optional[str]:
    """The file name of the config a run was trained with: the checkpoint names it; older
    checkpoints are matched against the config copy each run leaves in its work dir."""
    if meta.get('config_file'):
        return meta['config_file']
    text = meta.get('cfg')
    copies = sorted(Path(work_dir).glob('*.py'))
    matching = [p.name for p in copies if text is not None and p.read_text() == text]
    return matching[0] if matching else None


def require_resumable_with(cfg, config_file, point: ResumePoint, work_dir) -> None:
    """ResumeConfigError unless `config_file` (with its overrides, `cfg`) is the config the
    work dir's run was trained with: the same file name, and a model the weights fit."""
    held = held_config_name(work_dir, point.meta)
    given = osp.basename(str(config_file))
    advice = f'resume with {held}, or give this config another --work-dir' if held else \
        'resume with the config it was trained with, or give this config another --work-dir'
    if held is not None and held != given:
        raise ResumeConfigError(f'{work_dir} holds a run of the config {held}, not {given}: '
                                f'{advice}')
    problems = weight_mismatches(build_model_of(cfg), point.weights)
    if problems:
        shown = '; '.join(problems[:2]) + (f' and {len(problems) - 2} more'
                                           if len(problems) > 2 else '')
        raise ResumeConfigError(f'{work_dir} holds a run of {held or "another config"} whose '
                                f'model differs from that of {config_file} ({shown}): {advice}')


def weights_of(checkpoint: dict) -> dict:
    """The state dict of a checkpoint (mmengine's `state_dict`, or a bare one), with the
    `module.` prefix of distributed wrappers removed as mmengine's loader does."""
    state_dict = checkpoint.get('state_dict', checkpoint)
    return {re.sub(r'^module\.', '', key): value for key, value in state_dict.items()}


def weight_mismatches(model: torch.nn.Module, state_dict: dict) -> List[str]:
    """What stops `state_dict` from loading strictly into `model`: missing keys, unexpected
    keys and shape mismatches, each as one short phrase, in the model's key order."""
    if isinstance(model, BaseTTAModel):
        model = model.module
    expected = model.state_dict()
    problems = []
    for key, tensor in expected.items():
        if key not in state_dict:
            problems.append(f'{key} missing')
        elif hasattr(state_dict[key], 'shape') and \
                tuple(state_dict[key].shape) != tuple(tensor.shape):
            problems.append(f'{key} is {tuple(state_dict[key].shape)} in the checkpoint, '
                            f'{tuple(tensor.shape)} in the model')
    problems += [f'{key} unexpected' for key in state_dict if key not in expected]
    return problems


def require_fitting_weights(model: torch.nn.Module, state_dict: dict, config,
                            checkpoint) -> None:
    """CheckpointError naming both files and the first mismatches unless the weights fit
    the model exactly (mmengine's own loader only warns and goes on with random weights)."""
    problems = weight_mismatches(model, state_dict)
    if problems:
        shown = '; '.join(problems[:3])
        more = f' and {len(problems) - 3} more' if len(problems) > 3 else ''
        raise CheckpointError(f'the model of {config} does not fit the weights of {checkpoint} '
                              f'({shown}{more}); give the checkpoint trained with this config')


def check_checkpoint_fits(model: torch.nn.Module, checkpoint, config) -> dict:
    """Read `checkpoint` and require its weights to fit `model`; returns the checkpoint."""
    loaded = read_checkpoint(checkpoint)
    require_fitting_weights(model, weights_of(loaded), config, checkpoint)
    return loaded


def build_model_of(cfg) -> torch.nn.Module:
    """The config's model, built in its registry scope, with no weights loaded."""
    from mmengine.registry import init_default_scope
    from mmseg.registry import MODELS
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return MODELS.build(cfg.model)


def check_config_fits(cfg, checkpoint, config_name) -> dict:
    """Before a Runner writes anything: the checkpoint must be one and fit the config's model."""
    return check_checkpoint_fits(build_model_of(cfg), checkpoint, config_name)
