"""A validation cut short (a kill, a crash) runs again when the training resumes."""
import json
from pathlib import Path
from typing import Optional

from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.runner import EpochBasedTrainLoop
from mmseg.registry import HOOKS

from mmseg_custom.file_output import write_bytes_atomically

RECORD_NAME = 'last_validation.json'


def _progress(runner) -> dict:
    return dict(iter=runner.iter, epoch=runner.epoch)


@HOOKS.register_module()
class MissedValidationHook(Hook):
    """Validates, at the start of a resumed training, the point it resumes from when that
    point was due a validation that never finished.

    The checkpoint of a validation point is saved before its validation runs, so a kill
    during the validation resumed after it: that iteration was never scored, and when it was
    the last one `--resume` ended at once. Each finished validation is recorded in
    `<work_dir>/last_validation.json`; a resumed run whose starting point is due a validation
    not recorded there validates it before training on. `build_runner` adds this hook.
    """
    priority = 'LOWEST'  # after every hook's before_train (the checkpoint hook's out_dir)

    def __init__(self) -> None:
        self._training = False

    def _record(self, runner) -> Path:
        return Path(runner.work_dir) / RECORD_NAME

    def _recorded(self, runner) -> Optional[dict]:
        try:
            return json.loads(self._record(runner).read_text())
        except (OSError, ValueError):
            return None

    def before_train(self, runner) -> None:
        self._training = True
        if runner.iter == 0 and runner.epoch == 0:
            if is_main_process():
                self._record(runner).unlink(missing_ok=True)  # a former run's
            return
        if self._due_validation(runner) and self._recorded(runner) != _progress(runner):
            done = f'epoch {runner.epoch}' if self._by_epoch(runner) else \
                f'iteration {runner.iter}'
            runner.logger.info(f'The validation of {done} did not finish: running it now')
            runner.val_loop.run()

    def after_val(self, runner) -> None:
        if self._training and is_main_process():
            write_bytes_atomically(json.dumps(_progress(runner)).encode() + b'\n',
                                   self._record(runner))

    def after_train(self, runner) -> None:
        self._training = False

    @staticmethod
    def _by_epoch(runner) -> bool:
        return isinstance(runner.train_loop, EpochBasedTrainLoop)

    def _due_validation(self, runner) -> bool:
        """Whether the train loop validates at the point it resumes from (mmengine's rule)."""
        loop = runner.train_loop
        if runner.val_loop is None or not hasattr(loop, 'val_interval'):
            return False
        done, last = (runner.epoch, loop.max_epochs) if self._by_epoch(runner) else \
            (runner.iter, loop.max_iters)
        return done >= loop.val_begin and (done % loop.val_interval == 0 or done == last)
