"""tools/train.py (with a real resume under torch >= 2.6) and tools/test.py, end to end
(called in process through main(argv); the command line adds nothing to what they test)."""
import re
import shutil

import cv2
import numpy as np
import pytest
import torch

from mmengine.config import Config
from mmseg.apis import init_model

from conftest import CPU_CONFIG, ROOT, call_tool, run_tool, tiny_train_options
from mmseg_custom.config_overrides import UnknownOptionError, load_runner_config

TRAIN, TEST = ROOT / 'tools' / 'train.py', ROOT / 'tools' / 'test.py'


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
    """A slim weights file, like the shipped checkpoint a fine-tuning config loads."""
    from conftest import load_tool
    load_tool(ROOT / 'tools' / 'publish_checkpoint.py').main(
        [str(run_dir / 'iter_2.pth'), str(target)])
    return target


# With `load_from` set too (a fine-tuning config), the work dir's checkpoint still wins.
@pytest.mark.parametrize('with_load_from', [False, True], ids=['plain', 'with-load-from'])
def test_resume_continues_from_the_last_checkpoint(trained_run, logo_data, tmp_path,
                                                   with_load_from, capsys):
    extra = [f'load_from={published_weights(trained_run, tmp_path / "slim.pth")}'] \
        if with_load_from else []
    work_dir = tmp_path / 'run'
    shutil.copytree(trained_run, work_dir)
    before = torch.load(work_dir / 'iter_2.pth', weights_only=False)
    call_tool(capsys, TRAIN, CPU_CONFIG, '--work-dir', work_dir, '--resume',
              *tiny_train_options(logo_data, max_iters=4), *extra)
    after = torch.load(work_dir / 'iter_4.pth', weights_only=False)
    assert after['meta']['iter'] == 4
    # the optimizer state travelled: Adam's step count went on from 2 to 4
    steps = [s['step'] for s in after['optimizer']['state'].values()]
    assert all(int(s) == 4 for s in steps)
    assert int(next(iter(before['optimizer']['state'].values()))['step']) == 2
    assert logged_iterations(work_dir) == [1, 2, 3, 4]


def test_resume_in_an_empty_work_dir_starts_from_load_from(trained_run, logo_data, tmp_path,
                                                           capsys):
    weights = published_weights(trained_run, tmp_path / 'slim.pth')
    work_dir = tmp_path / 'fresh'
    call_tool(capsys, TRAIN, CPU_CONFIG, '--work-dir', work_dir, '--resume',
              *tiny_train_options(logo_data, max_iters=1), f'load_from={weights}',
              'train_cfg.val_interval=1', 'default_hooks.checkpoint.interval=1')
    after = torch.load(work_dir / 'iter_1.pth', weights_only=False)
    assert after['meta']['iter'] == 1
    assert logged_iterations(work_dir) == [1]
    assert 'Load checkpoint from' in '\n'.join(p.read_text() for p in work_dir.rglob('*.log'))


def test_a_moved_work_dir_resumes_its_own_checkpoint(trained_run, logo_data, tmp_path, capsys):
    """`last_checkpoint` holds the path the run was saved under; after a move that path is
    gone (it stopped the run with FileNotFoundError) or is another run's."""
    work_dir = tmp_path / 'moved'
    shutil.copytree(trained_run, work_dir)
    (work_dir / 'last_checkpoint').write_text('/gone/old_place/iter_2.pth')
    call_tool(capsys, TRAIN, CPU_CONFIG, '--work-dir', work_dir, '--resume',
              *tiny_train_options(logo_data, max_iters=3))
    assert logged_iterations(work_dir) == [1, 2, 3]
    assert torch.load(work_dir / 'iter_3.pth', weights_only=False)['meta']['iter'] == 3


def test_resuming_from_a_half_written_checkpoint_is_one_line(trained_run, logo_data, tmp_path,
                                                            capsys):
    """What a save interrupted by a full disk or a kill leaves: a torch traceback before."""
    work_dir = tmp_path / 'cut'
    shutil.copytree(trained_run, work_dir)
    whole = (work_dir / 'iter_2.pth').read_bytes()
    (work_dir / 'iter_2.pth').write_bytes(whole[:len(whole) // 2])
    result = call_tool(capsys, TRAIN, CPU_CONFIG, '--work-dir', work_dir, '--resume',
                       *tiny_train_options(logo_data, max_iters=3), check=False)
    assert result.returncode == 1
    assert f'{work_dir / "iter_2.pth"} is not a PyTorch checkpoint' in result.stderr
    assert 'write the name of an earlier checkpoint into' in result.stderr
    assert not (work_dir / 'iter_3.pth').exists()


def test_test_tool_writes_metrics_masks_and_an_overlay_per_image(trained_run, logo_data,
                                                                   tmp_path):
    # a subprocess: mmengine's Visualizer is a per-process singleton, so in process the
    # overlays would follow an earlier Runner's save_dir
    show_dir, out_dir = tmp_path / 'show', tmp_path / 'masks'
    result = run_tool(TEST, CPU_CONFIG, trained_run / 'iter_2.pth',
                      '--work-dir', tmp_path / 'work', '--show-dir', show_dir,
                      '--out', out_dir, *tiny_train_options(logo_data))
    assert 'image_iou' in result.stdout + result.stderr
    overlays = sorted(show_dir.rglob('*.png'))
    assert len(overlays) == 3  # every one of the 3 validation images, not one in 50
    masks = sorted(out_dir.glob('*.png'))
    assert [m.stem for m in masks] == ['00000', '00001', '00002']
    mask = cv2.imread(str(masks[0]), cv2.IMREAD_UNCHANGED)
    assert mask.shape == (340, 512) and set(np.unique(mask)) <= {0, 255}


def test_test_tool_runs_flip_and_scale_tta(trained_run, logo_data, tmp_path, capsys):
    result = call_tool(capsys, TEST, CPU_CONFIG, trained_run / 'iter_2.pth',
                       '--tta', '--work-dir', tmp_path / 'work', *tiny_train_options(logo_data))
    assert 'image_iou' in result.value
    log = '\n'.join(p.read_text() for p in (tmp_path / 'work').rglob('*.log'))
    assert re.search(r'Iter\(test\) \[3/3\]', log)


def other_model_checkpoint(path):
    """The birds U-Net's weights: a checkpoint a user can mix up with the logo model's."""
    config = Config.fromfile(str(ROOT / 'configs' / 'birds' / 'unet_lab-small.py'))
    model = init_model(config, None, 'cpu')
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return path


def test_test_tool_refuses_a_checkpoint_of_another_model(logo_data, tmp_path, capsys):
    """It used to warn 'size mismatch', test random weights and exit 0."""
    other = other_model_checkpoint(tmp_path / 'birds.pth')
    result = call_tool(capsys, TEST, CPU_CONFIG, other, '--work-dir', tmp_path / 'work',
                       *tiny_train_options(logo_data), check=False)
    assert result.returncode == 1
    assert 'birds.pth' in result.stderr and 'unet_mobilenetv2_cpu.py' in result.stderr
    assert 'missing' in result.stderr or 'in the model' in result.stderr
    assert not (tmp_path / 'work').exists()  # nothing written, not even the log


def test_test_tool_names_a_file_that_is_not_a_checkpoint(logo_data, tmp_path, capsys):
    junk = tmp_path / 'junk.pth'
    junk.write_bytes(bytes(range(256)) * 8)
    result = call_tool(capsys, TEST, CPU_CONFIG, junk, '--work-dir', tmp_path / 'work',
                       check=False)
    assert result.returncode == 1 and 'junk.pth is not a PyTorch checkpoint' in result.stderr
    assert not (tmp_path / 'work').exists()


@pytest.mark.parametrize('tool', [TRAIN, TEST])
def test_a_mistyped_config_path_is_one_line(tool, tmp_path, capsys):
    args = [ROOT / 'configs' / 'logo' / 'unet_mobilenetv2_cpuu.py']
    if tool == TEST:
        args.append(tmp_path / 'x.pth')
    result = call_tool(capsys, tool, *args, '--work-dir', tmp_path / 'w', check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f'error: config {args[0]} does not exist'


def test_a_config_with_a_syntax_error_is_one_line(tmp_path, capsys):
    broken = tmp_path / 'broken.py'
    broken.write_text(f"_base_ = ['{CPU_CONFIG}']\nmodel = dict(\n")
    result = call_tool(capsys, TRAIN, broken, '--work-dir', tmp_path / 'w', check=False)
    assert result.returncode == 1 and 'broken.py has a syntax error' in result.stderr


@pytest.mark.parametrize('option, hint', [
    ('train_cfg.max_iter', "did you mean 'max_iters'"),       # a near-spelling of a leaf
    ('epochs', "the config has no key 'epochs'"),              # a top-level key no one reads
    ('train_dataloder.batch_size', "did you mean 'train_dataloader'"),
    ('model.backbone.nope.depth', "model.backbone has no key 'nope'"),
])
def test_unknown_cfg_options_keys_are_refused_with_the_valid_ones(option, hint):
    """mmengine merged them silently: a typo trained for the config's own length."""
    with pytest.raises(UnknownOptionError) as error:
        load_runner_config(str(CPU_CONFIG), {option: 3})
    assert hint in str(error.value) and 'valid: ' in str(error.value)


def test_new_leaf_options_that_resemble_no_key_are_taken():
    cfg = load_runner_config(str(CPU_CONFIG), {'train_dataloader.persistent_workers': False,
                                               'randomness.seed': 3,
                                               'model.test_cfg.stride': (8, 8)})
    assert cfg.train_dataloader.persistent_workers is False and cfg.randomness.seed == 3
    assert cfg.model.test_cfg.stride == (8, 8)


def test_a_wrong_cfg_options_key_on_the_command_line_is_one_line(tmp_path, capsys):
    result = call_tool(capsys, TRAIN, CPU_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
                       'train_cfg.max_iter=3', check=False)
    assert result.returncode == 1 and "did you mean 'max_iters'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / 'w').exists()


def test_a_cfg_options_item_without_a_value_is_a_usage_error(tmp_path, capsys):
    """mmengine's DictAction raised a bare 'not enough values to unpack' traceback."""
    result = call_tool(capsys, TRAIN, CPU_CONFIG, '--work-dir', tmp_path / 'w', '--cfg-options',
                       'train_cfg.max_iters', check=False)
    assert result.returncode == 2
    assert "--cfg-options takes KEY=VALUE items; got 'train_cfg.max_iters'" in result.stderr
