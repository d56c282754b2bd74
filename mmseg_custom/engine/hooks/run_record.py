"""Records, in the work dir, what a report needs and cannot recover after training."""
import json
import time
from pathlib import Path
from typing import Optional

from mmengine.dist import get_world_size, is_main_process
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS

from mmseg_custom.file_output import write_bytes_atomically
from mmseg_custom.reporting.run_record import (RECORD_NAME, hardware, now_iso, software,
                                               trainable_parameters)


@HOOKS.register_module()
class RunRecordHook(Hook):
    """Writes `<work_dir>/<timestamp>/run_record.json`: hardware (CPU model and cores, GPU
    model and count), library versions, the trainable parameter count, start and end times.

    The record is rewritten atomically at the start, at each checkpoint and validation,
    every `every_seconds` of training, and at the end (`finished` set), so an interrupted run
    still tells how long it ran. Only the main process writes. Registered for every config by
    configs/_base_/default_runtime.py.
    """
    priority = 'VERY_LOW'

    def __init__(self, every_seconds: float = 300.0) -> None:
        self.every_seconds = every_seconds
        self.record: Optional[dict] = None
        self._last_write = 0.0

    def _write(self, runner, iterations: int) -> None:
        self.record['updated'] = now_iso()
        self.record['last_iter'] = iterations
        target = Path(runner.log_dir) / RECORD_NAME
        write_bytes_atomically(json.dumps(self.record, indent=2).encode() + b'\n', target)
        self._last_write = time.monotonic()

    def before_train(self, runner) -> None:
        if not is_main_process():
            return
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        first = next(model.parameters(), None)
        device = str(first.device) if first is not None else 'cpu'
        self.record = dict(
            format=1, config=Path(runner.cfg.filename).name if runner.cfg.filename else None,
            work_dir=str(runner.work_dir), timestamp=runner.timestamp, started=now_iso(),
            updated=None, finished=None, start_iter=runner.iter, last_iter=runner.iter,
            max_iters=runner.max_iters, trainable_parameters=trainable_parameters(model),
            hardware=hardware(device, get_world_size()), software=software())
        self._write(runner, runner.iter)

    # runner.iter counts the iterations done before the current one while its hooks run
    def after_train_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        if self.record and time.monotonic() - self._last_write >= self.every_seconds:
            self._write(runner, runner.iter + 1)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        if self.record:
            self._write(runner, checkpoint.get('meta', {}).get('iter', runner.iter))

    def after_val_epoch(self, runner, metrics=None) -> None:
        if self.record:
            self._write(runner, runner.iter)

    def after_train(self, runner) -> None:
        if self.record:
            self.record['finished'] = now_iso()
            self._write(runner, runner.iter)
