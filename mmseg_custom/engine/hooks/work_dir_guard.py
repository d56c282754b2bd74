"""A work dir moved or removed while its training runs stops the training with one line."""
import os
from pathlib import Path
from typing import Optional

from mmengine.hooks import Hook
from mmseg.registry import HOOKS

from mmseg_custom.errors import UserError


class WorkDirMovedError(UserError):
    """The work dir is no longer at the path the training writes to."""


@HOOKS.register_module()
class WorkDirGuardHook(Hook):
    """Stops the training when its work dir is no longer where it was.

    Without it, writes by path (checkpoints, curves) recreated the old path or failed with a
    traceback, while the open log went on into the moved folder: one run split over two
    folders. The hook keeps the folder open and compares it with the path before every
    iteration's writes and every validation; the message names where the folder went (its
    checkpoints are there) and how to go on. `build_runner` adds this hook.
    """
    priority = 'VERY_HIGH'  # before the hooks that write after an iteration

    def __init__(self) -> None:
        self._descriptor: Optional[int] = None

    def before_train(self, runner) -> None:
        self._descriptor = os.open(runner.work_dir, os.O_RDONLY | os.O_DIRECTORY)

    def after_train(self, runner) -> None:
        self._close()

    def _close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None

    def _check(self, runner) -> None:
        if self._descriptor is None:
            return
        held = os.fstat(self._descriptor)
        try:
            there = os.stat(runner.work_dir)
            if (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
                return
        except FileNotFoundError:
            pass
        now = self._current_path()
        self._close()
        if now is None:
            raise WorkDirMovedError(
                f'the work dir {runner.work_dir} was removed during training; train again')
        raise WorkDirMovedError(
            f'the work dir {runner.work_dir} was moved during training to {now}; its '
            f'checkpoints are there: continue with --work-dir "{now}" --resume')

    def _current_path(self) -> Optional[str]:
        """Where the open folder is now (Linux /proc), or None when it was deleted."""
        try:
            path = os.readlink(f'/proc/self/fd/{self._descriptor}')
        except OSError:
            return '(unknown)'
        return None if path.endswith(' (deleted)') or not Path(path).is_dir() else path

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        self._check(runner)

    def before_val_epoch(self, runner) -> None:
        self._check(runner)

    def after_val_epoch(self, runner, metrics=None) -> None:
        self._check(runner)
