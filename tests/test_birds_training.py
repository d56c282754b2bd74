"""A short CPU training of the birds U-Net through tools/train.py: the loss goes down, loss and
IoU curves exist for both splits, TensorBoard gets them, and the best checkpoints by validation
IoU and by validation loss are kept."""
import json

import pytest

from conftest import ROOT, run_tool

LOADERS = ['train_dataloader.num_workers=0', 'train_dataloader.persistent_workers=False',
           'val_dataloader.num_workers=0', 'val_dataloader.persistent_workers=False']


def scalars(work_dir):
    (path,) = work_dir.glob('*/vis_data/scalars.json')
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope='module')
def birds_run(birds_data, tmp_path_factory):
    work_dir = tmp_path_factory.mktemp('birds_run')
    run_tool(ROOT / 'tools' / 'train.py', ROOT / 'configs' / 'birds' / 'unet_lab-small.py',
             '--work-dir', work_dir, '--cfg-options', f'data_root={birds_data}',
             'train_cfg.max_iters=16', 'train_cfg.val_interval=8', 'train_dataloader.batch_size=4',
             'default_hooks.logger.interval=1', 'default_hooks.checkpoint.interval=16',
             'randomness.seed=0', 'randomness.deterministic=True', *LOADERS)
    return work_dir


def test_short_training_lowers_the_loss(birds_run):
    losses = [row['train/loss'] for row in scalars(birds_run) if 'train/loss' in row]
    assert len(losses) == 16
    print(f'training loss: first 4 {losses[:4]}, last 4 {losses[-4:]}')
    # compared inside the run, not with a margin tuned on one machine: every one of the last
    # four batches has a lower loss than every one of the first four
    assert max(losses[-4:]) < min(losses[:4])


def test_loss_and_iou_curves_for_both_splits(birds_run):
    rows = scalars(birds_run)
    train = [row for row in rows if 'train/loss' in row]
    val = [row for row in rows if 'val/val_loss' in row]
    assert all(0 <= row['train/iou'] <= 100 for row in train)
    assert [row['step'] for row in val] == [8, 16]
    for row in val:
        assert row['val/val_loss'] > 0
        assert {'val/accuracy', 'val/precision', 'val/recall', 'val/f1', 'val/iou'} <= row.keys()
    assert list(birds_run.glob('*/vis_data/events.out.tfevents.*'))  # TensorBoard


def test_best_checkpoints_by_validation_iou_and_loss(birds_run):
    rows = [row for row in scalars(birds_run) if 'val/val_loss' in row]
    (best_loss,) = birds_run.glob('best_val_loss_iter_*.pth')
    (best_iou,) = birds_run.glob('best_iou_iter_*.pth')
    lowest = min(rows, key=lambda row: row['val/val_loss'])
    highest = max(rows, key=lambda row: row['val/iou'])  # ties keep the first
    assert best_loss.name == f'best_val_loss_iter_{lowest["step"]}.pth'
    assert best_iou.name == f'best_iou_iter_{highest["step"]}.pth'
