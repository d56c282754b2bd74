"""Test-only faults at a chosen moment of a training, chosen by the FAULT_AT environment
variable (`KIND:ITERATION`), so that a test can kill or disturb a real run where it hurts.

- `save:N`     SIGKILL halfway through writing the checkpoint of iteration N
- `validation:N` SIGKILL after the first image of the validation at iteration N
- `move:N`     rename the work dir (to `<work_dir> moved`) after iteration N
- `worker:N`   SIGKILL a data loader worker before iteration N

`fault_config` writes a config of the tiny CPU recipe (64 px crops, a half-width network,
one validation image at 64 px) that registers the hook.
"""
import os
import signal
from pathlib import Path

from mmengine.fileio import LocalBackend
from mmengine.hooks import Hook
from mmseg.registry import HOOKS

HERE = Path(__file__).resolve().parent
CPU_CONFIG = HERE.parent / 'configs' / 'logo' / 'unet_mobilenetv2_cpu.py'


def _fault_at(kind: str, iteration: int) -> bool:
    return os.environ.get('FAULT_AT') == f'{kind}:{iteration}'


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _write_half_then_die(self, obj, filepath) -> None:
    with open(filepath, 'wb') as f:
        f.write(obj[:len(obj) // 2])
        f.flush()
        os.fsync(f.fileno())
    _kill_self()


@HOOKS.register_module()
class FaultInjectionHook(Hook):
    priority = 'HIGHEST'

    def before_save_checkpoint(self, runner, checkpoint) -> None:
        if _fault_at('save', checkpoint['meta']['iter']) and 'optimizer' in checkpoint:
            LocalBackend.put = _write_half_then_die

    def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        if _fault_at('validation', runner.iter):
            _kill_self()

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        if _fault_at('move', runner.iter + 1):
            os.rename(runner.work_dir, f'{runner.work_dir} moved')

    def before_train_iter(self, runner, batch_idx, data_batch=None) -> None:
        if _fault_at('worker', runner.iter + 1):
            workers = runner.train_loop.dataloader_iterator._iterator._workers
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].join()


FAULT_CONFIG = '''_base_ = [{base!r}]
custom_imports = dict(imports=['mmseg_custom', 'fault_injection'], allow_failed_imports=False)
model = dict(backbone=dict(widen_factor=0.5),
             decode_head=dict(in_channels=[8, 16, 16, 48, 160]))
train_pipeline = [
    dict(type='LoadImageFromFile'), dict(type='LoadBinaryAnnotations'),
    dict(type='RandomCrop', crop_size=(64, 64)), dict(type='PackSegInputs')]
test_pipeline = [
    dict(type='LoadImageFromFile'), dict(type='Resize', scale=(64, 64), keep_ratio=True),
    dict(type='LoadBinaryAnnotations'), dict(type='PackSegInputs')]
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
                        dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(num_workers=0, persistent_workers=False,
                      dataset=dict(pipeline=test_pipeline, indices=1))
test_dataloader = val_dataloader
train_cfg = dict(max_iters=4, val_interval=2)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2, max_keep_ckpts=1))
custom_hooks = [dict(type='RunRecordHook'), dict(type='FaultInjectionHook')]
'''


def fault_config(folder: Path, name: str = 'tiny_faults.py') -> Path:
    """The tiny recipe with the fault hook, as `folder/name`."""
    path = Path(folder) / name
    path.write_text(FAULT_CONFIG.format(base=str(CPU_CONFIG)))
    return path
