"""The one way this project builds mmengine's Runner (tools/train.py, tools/test.py, the birds
API).

Besides mmengine's own behaviour, a run built here survives the faults of a long training:
checkpoints are whole or absent and old ones go only once a new one is whole
(`ProjectRunner.save_checkpoint`, `SafeCheckpointHook`), a validation cut short runs again at
`--resume` (`MissedValidationHook`), and a work dir moved mid-run stops the run with one line
(`WorkDirGuardHook`). `training_faults` words the faults a user fixes (a full disk, a killed
data loader worker, memory) as one line.
"""
import errno
import os
import os.path as osp
import re
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import torch
from mmengine.config import Config
from mmengine.fileio import LocalBackend, get_file_backend
from mmengine.hooks import CheckpointHook
from mmengine.runner import Runner

from mmseg_custom.engine.hooks import MissedValidationHook, WorkDirGuardHook
from mmseg_custom.errors import UserError
from mmseg_custom.file_output import OutputError, atomic_output

# errors of the disk itself, which the user fixes by freeing space or choosing another place
FULL_DISK = (errno.ENOSPC, errno.EDQUOT)
DISK_ERRORS = FULL_DISK + (errno.EROFS, errno.EIO)


def _fsync(path, directory: bool = False) -> None:
    descriptor = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class ProjectRunner(Runner):
    """mmengine's Runner whose checkpoints are written whole or not at all, and name the
    config file they were trained with (`meta['config_file']`, which `--resume` compares)."""

    def save_checkpoint(self, out_dir: str, filename: str, file_client_args=None,
                        save_optimizer: bool = True, save_param_scheduler: bool = True,
                        meta: Optional[dict] = None, by_epoch: bool = True,
                        backend_args=None) -> None:
        meta = dict(meta or {})
        if self.cfg.filename:
            meta.setdefault('config_file', osp.basename(self.cfg.filename))
        options = dict(save_optimizer=save_optimizer, save_param_scheduler=save_param_scheduler,
                       meta=meta, by_epoch=by_epoch)
        if file_client_args is not None or \
                not isinstance(get_file_backend(out_dir, backend_args=backend_args),
                               LocalBackend):
            super().save_checkpoint(out_dir, filename, file_client_args,
                                    backend_args=backend_args, **options)
            return
        target = Path(out_dir) / filename
        try:
            # a hidden temporary file beside the target, synced, then renamed over it
            with atomic_output(target) as temporary:
                super().save_checkpoint(str(temporary.parent), temporary.name,
                                        backend_args=backend_args, **options)
                _fsync(temporary)
            _fsync(target.parent, directory=True)
        except OSError as error:
            if error.filename is None and error.errno is not None:
                raise OSError(error.errno, error.strerror, str(target)) from error
            raise


def _use_safe_checkpoint_hook(cfg: Config) -> None:
    """Every config's CheckpointHook (the default one too) becomes SafeCheckpointHook."""
    if cfg.get('default_hooks') is None:
        cfg.default_hooks = dict()
    if 'checkpoint' not in cfg.default_hooks:
        cfg.default_hooks.checkpoint = dict(type='CheckpointHook', interval=1)  # mmengine's
    checkpoint = cfg.default_hooks.checkpoint
    if checkpoint is not None and checkpoint.get('type') in ('CheckpointHook', CheckpointHook):
        checkpoint['type'] = 'SafeCheckpointHook'


def build_runner(cfg: Config) -> Runner:
    """`Runner.from_cfg(cfg)` (as a ProjectRunner) with a visualizer of this run's own.

    mmengine keeps one Visualizer per name in a process and configs name theirs 'visualizer',
    so a second run in the same process (the API, tests that call the tools in process) would
    write its curves into the first run's folder.
    """
    if cfg.get('visualizer') is not None:
        name = cfg.visualizer.get('name', 'visualizer')
        cfg.visualizer.name = f'{name}-{uuid.uuid4().hex[:8]}'
    _use_safe_checkpoint_hook(cfg)
    runner = ProjectRunner.from_cfg(cfg)
    runner.register_hook(MissedValidationHook())
    runner.register_hook(WorkDirGuardHook())
    return runner


class TrainingFaultError(UserError):
    """A fault of the machine met during training, worded with what to do next."""


# torch's two messages for a worker process that died under the data loader
WORKER_DIED = re.compile(r'DataLoader worker \(pid(?:\(s\))? ([\d, ]+)\) '
                         r'(is killed by signal: [^.]+|exited unexpectedly)')
RESUME_ADVICE = 'continue with --resume (the checkpoints written so far are whole)'


def _disk_remedy(code: int) -> str:
    return 'free space (or give another --work-dir)' if code in FULL_DISK else \
        'give a --work-dir on a writable disk'


@contextmanager
def training_faults(work_dir) -> Iterator[None]:
    """A full or read-only disk, a data loader worker killed (most often by the kernel for
    want of memory) and an out-of-memory error become TrainingFaultError, one line naming
    the path or the setting to change."""
    try:
        yield
    except OSError as error:
        if error.errno not in DISK_ERRORS:
            raise
        where = error.filename or work_dir
        raise TrainingFaultError(f'{where}: {error.strerror}; {_disk_remedy(error.errno)}, '
                                 f'then {RESUME_ADVICE}') from None
    except OutputError as error:  # a write the atomic writer found refused (its cause)
        cause = error.__cause__
        if not isinstance(cause, OSError) or cause.errno not in DISK_ERRORS:
            raise
        raise TrainingFaultError(f'{error}; {_disk_remedy(cause.errno)}, then '
                                 f'{RESUME_ADVICE}') from None
    except RuntimeError as error:
        message = str(error)
        worker = WORKER_DIED.search(message)
        if worker:
            raise TrainingFaultError(
                f'a data loader worker (pid {worker.group(1).strip()}) '
                f'{worker.group(2).strip()} (the kernel ends one most often for want of '
                f'memory): lower train_dataloader.num_workers or batch_size '
                f'(--cfg-options), then {RESUME_ADVICE}') from None
        if isinstance(error, torch.cuda.OutOfMemoryError) or \
                "can't allocate memory" in message:
            raise TrainingFaultError(
                f'out of memory ({message.strip().splitlines()[0][:160]}): lower '
                f'train_dataloader.batch_size or the crop size, then {RESUME_ADVICE}') from None
        raise
