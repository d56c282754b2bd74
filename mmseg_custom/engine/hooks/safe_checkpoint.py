"""Checkpoints that survive a kill or a full disk at any moment of a save."""
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook
from mmseg.registry import HOOKS

# What `ProjectRunner.save_checkpoint` (through file_output.atomic_output) writes before the
# rename; a kill leaves such a file, the next training start removes it.
PARTIAL_PATTERN = '.partial-*'


class _RemovalsHeldBack:
    """The hook's file backend, with `remove`/`rmtree` noted instead of done."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.paths: List[str] = []

    def remove(self, path) -> None:
        self.paths.append(path)

    def rmtree(self, path) -> None:
        self.paths.append(path)

    def __getattr__(self, name):
        return getattr(self.backend, name)


@HOOKS.register_module()
class SafeCheckpointHook(CheckpointHook):
    """mmengine's CheckpointHook, but old checkpoints (beyond `max_keep_ckpts`, or a previous
    best) are deleted only once the new one is whole on disk and `last_checkpoint` names it.

    mmengine deletes first and writes second, so a kill or a full disk during the write
    (with `max_keep_ckpts=1`) left a run with no checkpoint at all. The write itself is made
    whole-or-absent by `ProjectRunner.save_checkpoint`. The price: a save needs room for the
    new checkpoint beside the old ones. `build_runner` puts this hook in the place of every
    config's CheckpointHook.
    """

    def before_train(self, runner) -> None:
        super().before_train(runner)
        if is_main_process() and Path(self.out_dir).is_dir():
            for leftover in Path(self.out_dir).glob(PARTIAL_PATTERN):
                leftover.unlink(missing_ok=True)

    @contextmanager
    def _deletions_after_saving(self) -> Iterator[None]:
        backend = self.file_backend
        held = _RemovalsHeldBack(backend)
        self.file_backend = held
        try:
            yield
        finally:
            self.file_backend = backend
        # reached only when every save in the block succeeded
        wanted = {self.last_ckpt, getattr(self, 'best_ckpt_path', None),
                  *getattr(self, 'best_ckpt_path_dict', {}).values()}
        for path in held.paths:
            if path in wanted:
                continue
            if backend.isfile(path):
                backend.remove(path)
            elif backend.isdir(path):
                backend.rmtree(path)

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        with self._deletions_after_saving():
            super()._save_checkpoint_with_step(runner, step, meta)

    def _save_best_checkpoint(self, runner, metrics) -> None:
        with self._deletions_after_saving():
            super()._save_best_checkpoint(runner, metrics)
