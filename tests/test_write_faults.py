"""Real write faults: a full disk (a small tmpfs) and a read-only folder (a read-only bind
mount; root ignores chmod). Every tool ends with one line naming the file and the reason,
exit code 1, and leaves whole data sets, exports and reports or none.

The mounts need root (or CAP_SYS_ADMIN); elsewhere these tests are skipped, saying why.
"""
import shutil
import subprocess

import cv2
import numpy as np
import pytest

from conftest import CPU_CONFIG, ROOT, call_tool, run_tool, tiny_train_options

TOOLS = ROOT / 'tools'


def _mount(*args) -> None:
    result = subprocess.run(['mount', *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f'mounting a test file system is not permitted here '
                    f'({result.stderr.strip() or result.returncode}); run as root')


@pytest.fixture()
def tmpfs(tmp_path):
    """make(size) -> a tmpfs of `size` (e.g. '300k') in a folder whose name has a space."""
    mounted = []

    def make(size: str, name: str = 'small disk'):
        folder = tmp_path / name
        folder.mkdir()
        _mount('-t', 'tmpfs', '-o', f'size={size}', 'tmpfs', folder)
        mounted.append(folder)
        return folder

    yield make
    for folder in reversed(mounted):
        subprocess.run(['umount', '-l', str(folder)], check=False)


def fill(folder):
    """Use up every free byte of the file system under `folder`."""
    try:
        with open(folder / 'filler', 'wb', buffering=0) as handle:
            while True:
                handle.write(b'\0' * 4096)
    except OSError:
        pass
    return folder


@pytest.fixture()
def full_disk(tmpfs):
    return fill(tmpfs('64k', 'full disk'))


@pytest.fixture()
def read_only(tmp_path):
    """A folder on a read-only bind mount, holding only the empty folders img/ and mask/."""
    source, folder = tmp_path / 'source', tmp_path / 'read only'
    for part in ('img', 'mask'):
        (source / part).mkdir(parents=True)
    folder.mkdir()
    _mount('--bind', source, folder)
    try:
        _mount('-o', 'remount,bind,ro', folder)
        yield folder
    finally:
        subprocess.run(['umount', '-l', str(folder)], check=False)


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob('*') if p.is_file())


def one_line_error(result, *words):
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert lines and lines[-1].startswith('error: '), result.stderr
    assert 'Traceback' not in result.stderr, result.stderr
    for word in words:
        assert word.lower() in lines[-1].lower(), lines[-1]


def stems(folder):
    return sorted(p.relative_to(folder).with_suffix('').as_posix() for p in folder.rglob('*')
                  if p.is_file())


# --- generators: whole pairs only, and how many ---------------------------------------

@pytest.mark.parametrize('workers', [1, 2])
def test_logo_generator_on_a_small_disk_keeps_whole_pairs_and_counts_them(tmpfs, capsys,
                                                                          workers):
    out = tmpfs('300k') / 'out'
    result = call_tool(capsys, TOOLS / 'make_logo_dataset.py', out, '--num', '4',
                       '--workers', workers, check=False)
    one_line_error(result, 'no space left', 'of 4 image/mask pairs are complete')
    assert 'wrote 4' not in result.stdout
    assert stems(out / 'img') == stems(out / 'mask')
    complete = len(stems(out / 'img'))
    assert f'{complete} of 4' in result.stderr
    for mask in (out / 'mask').iterdir():
        assert cv2.imread(str(mask), cv2.IMREAD_UNCHANGED).shape == (340, 512)
    assert not [p for p in out.rglob('.partial-*')]


def test_birds_generator_on_a_small_disk_leaves_no_empty_or_lone_file(tmpfs, capsys):
    out = tmpfs('40k') / 'birds'
    result = call_tool(capsys, TOOLS / 'make_birds_dataset.py', out, '--num', '40',
                       check=False)
    one_line_error(result, 'no space left', 'of 40 image/mask pairs are complete')
    assert stems(out / 'images') == stems(out / 'segmentations')
    assert all(p.stat().st_size > 0 for p in out.rglob('*') if p.is_file())


def test_face_generator_on_a_small_disk_is_one_line(tmpfs, capsys):
    out = tmpfs('40k') / 'faces'
    result = call_tool(capsys, TOOLS / 'make_face_dataset.py', out, '--train', '30',
                       '--val', '1', '--test', '1', check=False)
    one_line_error(result, 'no space left', 'of 30 image/mask pairs are complete')
    assert stems(out / 'train' / 'train_image') == stems(out / 'train' / 'train_mask')


def test_voc_maker_on_a_small_disk_says_how_many_pairs_are_complete(tmpfs):
    from mmseg_custom.data.voc_synthetic import make_voc_devkit
    from mmseg_custom.file_output import OutputError
    root = tmpfs('40k')
    with pytest.raises(OutputError, match=r'no space left.* of 40 image/mask pairs'):
        make_voc_devkit(root, {'train': 40}, size=(96, 128))
    voc = root / 'VOCdevkit' / 'VOC2009'
    assert stems(voc / 'JPEGImages') == stems(voc / 'SegmentationClass')


def test_a_generator_into_read_only_empty_folders_is_one_line(read_only, capsys):
    result = call_tool(capsys, TOOLS / 'make_logo_dataset.py', read_only, '--num', '1',
                       check=False)
    one_line_error(result, 'read-only', str(read_only / 'img'))


# --- tools that write predictions, exports and reports ---------------------------------

def test_infer_on_a_full_disk_is_one_line_and_leaves_no_mask(full_disk, trained_run, logo_data,
                                                             capsys):
    out = full_disk / 'masks'
    result = call_tool(capsys, ROOT / 'infer.py', logo_data / 'val' / 'img', out,
                       '--checkpoint', trained_run / 'iter_2.pth', check=False)
    one_line_error(result, 'no space left', str(out))
    assert files_under(out) == []


def test_test_tool_out_on_a_full_disk_leaves_no_empty_png(full_disk, trained_run, logo_data,
                                                          tmp_path):
    """Run as a user would (a subprocess): the Runner's logger owns stderr."""
    out = full_disk / 'preds'
    result = run_tool(TOOLS / 'test.py', CPU_CONFIG, trained_run / 'iter_2.pth',
                      '--work-dir', tmp_path / 'work', '--out', out,
                      *tiny_train_options(logo_data), check=False)
    one_line_error(result, 'no space left', str(out))
    assert files_under(out) == []


@pytest.mark.parametrize('option', ['--out', '--show-dir'])
def test_test_tool_into_a_read_only_folder_is_one_line(option, read_only, trained_run,
                                                      logo_data, tmp_path):
    result = run_tool(TOOLS / 'test.py', CPU_CONFIG, trained_run / 'iter_2.pth',
                      '--work-dir', tmp_path / 'work', option, read_only,
                      *tiny_train_options(logo_data), check=False)
    one_line_error(result, 'read-only', str(read_only))


def test_evaluate_per_image_on_a_full_disk_is_one_line(full_disk, logo_data, capsys):
    masks = logo_data / 'val' / 'mask'
    result = call_tool(capsys, TOOLS / 'evaluate.py', masks, masks, '--per-image',
                       full_disk / 'worst.csv', check=False)
    one_line_error(result, 'no space left', 'worst.csv')
    assert files_under(full_disk) == ['filler']


def test_report_on_a_small_disk_leaves_no_partial_report(trained_run, tmpfs, capsys):
    disk = tmpfs('64k')
    fill(disk)
    (disk / 'filler').write_bytes(b'\0' * 20000)  # room for a figure, not for the whole report
    out = disk / 'report'
    result = call_tool(capsys, TOOLS / 'report.py', trained_run, '--out', out, check=False)
    one_line_error(result, 'no space left')
    assert files_under(out) == []


def test_report_into_a_read_only_folder_is_one_line(trained_run, read_only, capsys):
    result = call_tool(capsys, TOOLS / 'report.py', trained_run, '--out', read_only / 'report',
                       check=False)
    one_line_error(result, 'read-only', str(read_only))


def test_a_codalab_zip_the_disk_cannot_hold_is_one_error_and_no_file(tmpfs):
    from mmseg_custom.export.codalab import write_codalab_zip
    from mmseg_custom.file_output import OutputError
    disk = tmpfs('64k')
    rng = np.random.default_rng(0)
    masks = ((f'{i}.png', rng.integers(0, 19, (512, 512), dtype=np.uint8)) for i in range(4))
    with pytest.raises(OutputError, match=r'cannot write .*sub\.zip: no space left'):
        write_codalab_zip(masks, disk / 'sub.zip')
    assert files_under(disk) == []


def test_a_kaggle_export_on_a_full_disk_is_one_line(full_disk, voc_checkpoint, voc_devkit,
                                                    tmp_path):
    from conftest import VOC_TINY_CONFIG
    images = tmp_path / 'images'
    images.mkdir()
    shutil.copy(sorted((voc_devkit / 'JPEGImages').iterdir())[0], images)
    result = run_tool(TOOLS / 'export_kaggle.py', VOC_TINY_CONFIG, voc_checkpoint, images,
                      '--out', full_disk / 'submission.csv', check=False)
    one_line_error(result, 'no space left', 'submission.csv')
    assert files_under(full_disk) == ['filler']


def test_cfg_options_take_a_path_with_commas_and_brackets_whole():
    """mmengine splits "a,b" and "[x]" into lists: a data_root in such a folder broke
    tools/test.py with an AssertionError deep in its file I/O."""
    import argparse

    from mmseg_custom.config_overrides import OverrideAction
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=OverrideAction)
    odd = "/data/ü dir 'q' [x],y"
    args = parser.parse_args(['--cfg-options', f'data_root={odd}', 'train_cfg.max_iters=2',
                              'model.decode_head.out_channels=[1,2]'])
    assert args.cfg_options == {'data_root': odd, 'train_cfg.max_iters': 2,
                                'model.decode_head.out_channels': [1, 2]}
