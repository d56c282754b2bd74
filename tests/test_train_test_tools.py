"""tools/train.py (with a real resume under torch >= 2.6) and tools/test.py, end to end."""
import re
import shutil

import cv2
import numpy as np
import pytest
import torch

from conftest import CPU_CONFIG, ROOT, run_tool, tiny_train_options


def logged_iterations(work_dir):
    text = '\n'.join(p.read_text() for p in work_dir.rglob('*.log'))
    return sorted(int(i) for i in re.findall(r'Iter\(train\) \[\s*(\d+)/', text))


def test_training_writes_self_describing_checkpoints(trained_run):
    checkpoint = torch.load(trained_run / 'iter_2.pth', weights_only=False)
    assert checkpoint['meta']['iter'] == 2
    assert checkpoint['meta']['dataset_meta']['classes'] == ('background', 'logo')
    assert "type='UNetHead'" in checkpoint['meta']['cfg']
    assert logged_iterations(trained_run) == [1, 2]


def published_weights(run_dir, target):
    """A slim weights file, like the shipped checkpoint a `_continue` config loads."""
    run_tool(ROOT / 'tools' / 'publish_checkpoint.py', run_dir / 'iter_2.pth', target)
    return target


# With `load_from` set too (the `_continue` configs), the work dir's checkpoint still wins.
@pytest.mark.parametrize('with_load_from', [False, True], ids=['plain', 'with-load-from'])
def test_resume_continues_from_the_last_checkpoint(trained_run, logo_data, tmp_path,
                                                   with_load_from):
    extra = [f'load_from={published_weights(trained_run, tmp_path / "slim.pth")}'] \
        if with_load_from else []
    work_dir = tmp_path / 'run'
    shutil.copytree(trained_run, work_dir)
    before = torch.load(work_dir / 'iter_2.pth', weights_only=False)
    run_tool(ROOT / 'tools' / 'train.py', CPU_CONFIG, '--work-dir', work_dir, '--resume',
             *tiny_train_options(logo_data, max_iters=4), *extra)
    after = torch.load(work_dir / 'iter_4.pth', weights_only=False)
    assert after['meta']['iter'] == 4
    # the optimizer state travelled: Adam's step count went on from 2 to 4
    steps = [s['step'] for s in after['optimizer']['state'].values()]
    assert all(int(s) == 4 for s in steps)
    assert int(next(iter(before['optimizer']['state'].values()))['step']) == 2
    assert logged_iterations(work_dir) == [1, 2, 3, 4]


def test_resume_in_an_empty_work_dir_starts_from_load_from(trained_run, logo_data, tmp_path):
    weights = published_weights(trained_run, tmp_path / 'slim.pth')
    work_dir = tmp_path / 'fresh'
    run_tool(ROOT / 'tools' / 'train.py', CPU_CONFIG, '--work-dir', work_dir, '--resume',
             *tiny_train_options(logo_data, max_iters=1), f'load_from={weights}',
             'train_cfg.val_interval=1', 'default_hooks.checkpoint.interval=1')
    after = torch.load(work_dir / 'iter_1.pth', weights_only=False)
    assert after['meta']['iter'] == 1
    assert logged_iterations(work_dir) == [1]
    assert 'Load checkpoint from' in '\n'.join(p.read_text() for p in work_dir.rglob('*.log'))


def test_test_tool_writes_metrics_masks_and_an_overlay_per_image(trained_run, logo_data,
                                                                   tmp_path):
    show_dir, out_dir = tmp_path / 'show', tmp_path / 'masks'
    result = run_tool(ROOT / 'tools' / 'test.py', CPU_CONFIG, trained_run / 'iter_2.pth',
                      '--work-dir', tmp_path / 'work', '--show-dir', show_dir,
                      '--out', out_dir, *tiny_train_options(logo_data))
    assert 'image_iou' in result.stdout + result.stderr
    overlays = sorted(show_dir.rglob('*.png'))
    assert len(overlays) == 3  # every one of the 3 validation images, not one in 50
    masks = sorted(out_dir.glob('*.png'))
    assert [m.stem for m in masks] == ['00000', '00001', '00002']
    mask = cv2.imread(str(masks[0]), cv2.IMREAD_UNCHANGED)
    assert mask.shape == (340, 512) and set(np.unique(mask)) <= {0, 255}


def test_test_tool_runs_flip_and_scale_tta(trained_run, logo_data, tmp_path):
    result = run_tool(ROOT / 'tools' / 'test.py', CPU_CONFIG, trained_run / 'iter_2.pth',
                      '--tta', '--work-dir', tmp_path / 'work', *tiny_train_options(logo_data))
    assert re.search(r'Iter\(test\) \[3/3\].*image_iou', result.stdout + result.stderr)
