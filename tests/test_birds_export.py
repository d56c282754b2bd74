"""The birds checker's files: segmentation.py and segmentation_model.pth load and run where
mmseg, mmcv, mmengine and mmseg_custom cannot be imported, predict agrees with
mmseg_custom.birds_api.predict, and train_model lowers the loss."""
import json
import subprocess
import sys
import textwrap

import cv2
import numpy as np
import pytest
from mmengine.config import Config

from conftest import ROOT, call_tool, load_tool, run_tool
from mmseg_custom.errors import UserError
from test_write_faults import fill, tmpfs  # noqa: F401  (tmpfs is a fixture)

BIRDS_CONFIG = ROOT / 'configs' / 'birds' / 'unet_lab-small.py'
BLOCKED = ('mmseg', 'mmcv', 'mmengine', 'mmseg_custom', 'cv2')
# Run first in the checker's process: any import of the blocked packages fails.
BLOCKER = textwrap.dedent(f"""
    import importlib.abc, sys
    BLOCKED = {BLOCKED!r}
    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split('.')[0] in BLOCKED:
                raise ImportError(f'{{name}} is not installed where the checker runs')
    sys.meta_path.insert(0, Blocker())
""")


def run_blocked(script: str, cwd) -> dict:
    """Run `script` after the blocker in a fresh interpreter in `cwd`; returns its last
    stdout line as JSON."""
    code = BLOCKER + textwrap.dedent(script) + textwrap.dedent(f"""
        assert not [m for m in sys.modules if m.split('.')[0] in {BLOCKED!r}]
    """)
    result = subprocess.run([sys.executable, '-c', code], cwd=cwd, capture_output=True,
                            text=True, env={'PATH': '/usr/bin:/bin', 'OMP_NUM_THREADS': '1'})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_blocker_blocks():
    with pytest.raises(AssertionError, match='mmseg_custom is not installed'):
        run_blocked('import mmseg_custom', ROOT)


@pytest.fixture(scope='module')
def birds_checkpoint(birds_data, tmp_path_factory):
    work_dir = tmp_path_factory.mktemp('birds_export_run')
    run_tool(ROOT / 'tools' / 'train.py', BIRDS_CONFIG, '--work-dir', work_dir,
             '--cfg-options', f'data_root={birds_data}', 'train_cfg.max_iters=6',
             'train_cfg.val_interval=6', 'default_hooks.checkpoint.interval=6',
             'train_dataloader.batch_size=4', 'train_dataloader.num_workers=0',
             'train_dataloader.persistent_workers=False', 'val_dataloader.num_workers=0',
             'val_dataloader.persistent_workers=False', 'randomness.seed=0')
    return work_dir / 'iter_6.pth'


@pytest.fixture(scope='module')
def submission(birds_checkpoint, tmp_path_factory):
    tool = load_tool(ROOT / 'tools' / 'export_birds_submission.py')
    out = tmp_path_factory.mktemp('submission')
    assert tool.main([str(BIRDS_CONFIG), str(birds_checkpoint), '--out', str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ['segmentation.py',
                                                      'segmentation_model.pth']
    return out


def test_settings_come_from_the_config(submission):
    source = (submission / 'segmentation.py').read_text()
    cfg = Config.fromfile(str(BIRDS_CONFIG))
    assert f"'base_channels': {cfg.model.backbone.base_channels}" in source
    assert "'upsample': 'bilinear'" in source and "'skip_connections': True" in source
    assert "'test_scale': (128, 128)" in source
    for module in ('mmseg', 'mmcv', 'mmengine', 'cv2'):
        assert f'import {module}' not in source and f'from {module}' not in source


def test_predict_agrees_with_the_project_api_where_mmseg_is_missing(submission,
                                                                    birds_checkpoint,
                                                                    tmp_path):
    """The checker's own lines, on a colour and a grayscale JPEG of odd sizes."""
    from mmseg_custom.birds_api import predict
    from mmseg_custom.inference import load_model
    folder = tmp_path / 'data' / 'test' / 'images' / '001.Some_bird'
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    colour = cv2.GaussianBlur(rng.integers(0, 256, (77, 131, 3), dtype=np.uint8), (5, 5), 0)
    grey = cv2.GaussianBlur(rng.integers(0, 256, (101, 59), dtype=np.uint8), (5, 5), 0)
    cv2.imwrite(str(folder / 'colour.jpg'), colour)
    cv2.imwrite(str(folder / 'grey.jpg'), grey)
    checked = run_blocked(f"""
        import json
        from glob import glob
        from os.path import join
        import numpy as np
        import torch
        from segmentation import predict, get_model
        model = get_model()
        model.load_state_dict(torch.load('segmentation_model.pth',
                                         map_location=torch.device('cpu')))
        out = {{}}
        for filename in glob(join({str(tmp_path / 'data')!r}, 'test/images/**/*.jpg')):
            probabilities = predict(model, filename)
            segm = (probabilities > 0.5).astype('uint8') * 255
            np.save(filename + '.npy', probabilities)
            out[filename] = [list(probabilities.shape), str(probabilities.dtype), int(segm.max())]
        print(json.dumps(out))
    """, cwd=submission)
    assert len(checked) == 2
    model = load_model(BIRDS_CONFIG, birds_checkpoint)
    for name, (h, w) in (('colour.jpg', (77, 131)), ('grey.jpg', (101, 59))):
        path = folder / name
        assert checked[str(path)][:2] == [[h, w], 'float32']
        standalone = np.load(f'{path}.npy')
        reference = predict(model, path)
        assert standalone.shape == reference.shape == (h, w)
        assert np.abs(standalone - reference).max() < 1e-3
        assert 0 <= standalone.min() and standalone.max() <= 1


def test_train_model_lowers_the_loss_where_mmseg_is_missing(submission, birds_data):
    """Loss over the training folder (test preprocessing) of the very weights train_model
    starts from, then after training. The bar is the loss of the best constant guess, the
    base rate of bird pixels: only a model that learned from the pixels gets under it."""
    result = run_blocked(f"""
        import json
        import torch
        import segmentation as s
        folder = {str(birds_data / 'train')!r}
        torch.manual_seed(0)
        before = s.dataset_loss(s.get_model(), folder)   # train_model(seed=0) starts here
        model = s.train_model(folder, max_iters=100, batch_size=4, seed=0)
        after = s.dataset_loss(model, folder)
        masks = [s.read_mask(m) for _, m in s.find_pairs(folder)]
        share = sum(m.sum() for m in masks) / sum(m.size for m in masks)
        print(json.dumps(dict(before=before, after=after, share=float(share))))
    """, cwd=submission)
    share = result['share']
    base_rate = -(share * np.log(share) + (1 - share) * np.log(1 - share))
    assert result['after'] < result['before']
    assert result['after'] < base_rate, (result, base_rate)


def test_a_config_without_the_lab_unet_is_refused_by_name():
    from mmseg_custom.export.birds import birds_settings
    with pytest.raises(UserError, match='LabUNet'):
        birds_settings(Config.fromfile(
            str(ROOT / 'configs' / 'voc2009' / 'unet_mobilenetv2_tiny_cpu.py')))


def test_an_output_path_that_is_a_file_is_named_as_such(birds_checkpoint, tmp_path, capsys):
    """It was reported as the checkpoint not fitting the config (an OutputError is a
    RuntimeError, which the tool took for load_state_dict's)."""
    taken = tmp_path / 'taken'
    taken.write_text('a file')
    result = call_tool(capsys, ROOT / 'tools' / 'export_birds_submission.py', BIRDS_CONFIG,
                       birds_checkpoint, '--out', taken, check=False)
    assert result.returncode == 1
    assert 'taken is a file, not a folder' in result.stderr
    assert 'does not fit' not in result.stderr
    assert taken.read_text() == 'a file'


def test_an_export_the_disk_cannot_hold_leaves_neither_file(birds_checkpoint, submission, tmpfs,  # noqa: F811
                                                            capsys):
    """Room for segmentation.py but not for the weights: one line, and no half submission."""
    disk = tmpfs('1m')
    room = (submission / 'segmentation.py').stat().st_size + 64 * 1024
    assert (submission / 'segmentation_model.pth').stat().st_size > 2 * room
    fill(disk)
    filler = disk / 'filler'
    filler.write_bytes(b'\0' * (filler.stat().st_size - room))
    out = disk / 'submission'
    result = call_tool(capsys, ROOT / 'tools' / 'export_birds_submission.py', BIRDS_CONFIG,
                       birds_checkpoint, '--out', out, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith('error: cannot write')
    assert 'no space left' in result.stderr
    assert sorted(p.name for p in out.iterdir()) == []
