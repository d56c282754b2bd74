"""The lab configs log to Weights & Biases offline: no account, no login prompt, a local run."""
import os
import subprocess
import sys

from conftest import ROOT


def test_wandb_logs_offline_without_an_account(unet_lab_data, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith('WANDB_')}
    env.update(HOME=str(tmp_path / 'home'), PYTHONPATH=str(ROOT))  # no ~/.netrc, no settings
    work_dir = tmp_path / 'run'
    result = subprocess.run(
        [sys.executable, ROOT / 'tools' / 'train.py',
         ROOT / 'configs' / 'unet_lab' / 'unet_lab_deconv.py',
         '--work-dir', work_dir, '--cfg-options', f'data_root={unet_lab_data}',
         'train_cfg.max_iters=2', 'train_cfg.val_interval=2', 'model.backbone.base_channels=4',
         'model.decode_head.in_channels=4', 'model.decode_head.channels=4',
         'train_dataloader.num_workers=0', 'train_dataloader.persistent_workers=False',
         'val_dataloader.num_workers=0', 'val_dataloader.persistent_workers=False'],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    (run,) = work_dir.glob('*/vis_data/wandb/offline-run-*')
    assert list(run.glob('run-*.wandb'))
    assert (work_dir / 'best_iou_iter_2.pth').is_file()
    assert (work_dir / 'best_val_loss_iter_2.pth').is_file()
