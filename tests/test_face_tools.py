"""Face parsing end to end on synthetic faces: train, test (with flip-swap TTA), infer, export
a CodaLab zip, and score it with tools/evaluate.py: the same mIoU as tools/test.py.
tools/test.py runs in a subprocess (its printed table is what is checked); the rest in process."""
import os
import re
import stat
import zipfile

import cv2
import numpy as np
import pytest
from PIL import Image

from conftest import ROOT, call_tool, load_tool, run_tool, tiny_train_options
from mmseg_custom.data.face_synth import write_palette_png
from mmseg_custom.datasets.celebamask import FACE_CLASSES

CPU_FACE_CONFIG = ROOT / 'configs' / 'celebamask' / 'unet_mobilenetv2_cpu.py'
TOOLS = ROOT / 'tools'


@pytest.fixture(scope='module')
def face_run(face_data, tmp_path_factory):
    """Work dir after 2 training iterations of the CPU face config (iter_2.pth)."""
    work_dir = tmp_path_factory.mktemp('face_run')
    load_tool(TOOLS / 'train.py').main([str(a) for a in (
        CPU_FACE_CONFIG, '--work-dir', work_dir, *tiny_train_options(face_data))])
    assert (work_dir / 'iter_2.pth').is_file()
    return work_dir


def scores_of_test_tool(face_run, face_data, tmp_path, tta):
    """mIoU and the per-class IoU table (percent, as printed) of tools/test.py."""
    args = ['--tta'] if tta else []
    output = run_tool(TOOLS / 'test.py', CPU_FACE_CONFIG, face_run / 'iter_2.pth', *args,
                      '--work-dir', tmp_path / 'test', *tiny_train_options(face_data))
    text = output.stdout + output.stderr
    table = text.split('per class results:')[-1]
    per_class = {name: float(value) for name, value in re.findall(
        r'^\|\s*(\w+)\s*\|\s*([\d.]+|nan)\s*\|', table, re.M)}
    miou = float(re.findall(r'Iter\(test\).*mIoU: ([\d.]+)', text)[-1])
    return miou, [per_class[name] for name in FACE_CLASSES]


def export(capsys, face_run, face_data, out, *args, check=True):
    return call_tool(capsys, TOOLS / 'export_codalab.py', CPU_FACE_CONFIG,
                     face_run / 'iter_2.pth', face_data / 'val' / 'val_image', '--out', out,
                     *args, check=check)


def unzip_masks(archive_path, folder):
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert {name.split('/')[0] for name in names} == {'masks'}  # one subfolder
        archive.extractall(folder)
    return folder / 'masks'


@pytest.mark.parametrize('tta', [False, True], ids=['plain', 'flip-swap-tta'])
def test_exported_zip_scores_like_the_test_tool(face_run, face_data, tmp_path, tta, capsys):
    miou, per_class = scores_of_test_tool(face_run, face_data, tmp_path, tta)
    zip_path = tmp_path / 'submission.zip'
    export(capsys, face_run, face_data, zip_path, '--size', '128', *(['--tta'] if tta else []))
    masks = unzip_masks(zip_path, tmp_path / 'unzipped')
    assert sorted(p.name for p in masks.iterdir()) == ['0.png', '1.png', '2.png']
    for path in masks.iterdir():
        mask = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        assert mask.shape == (128, 128) and mask.dtype == np.uint8 and mask.max() <= 18
    result = call_tool(capsys, TOOLS / 'evaluate.py', masks, face_data / 'val' / 'val_mask',
                       '--num-classes', '19')
    printed = [float(v) for v in re.findall(r'class +\d+ +IoU (\S+)', result.stdout)]
    np.testing.assert_allclose(np.round(np.array(printed) * 100, 2), per_class, atol=0.011)
    assert f'({miou:.2f}%)' in result.stdout


def test_infer_writes_the_same_face_masks_as_the_export(capsys, face_run, face_data, tmp_path):
    zip_path = tmp_path / 'tta.zip'
    export(capsys, face_run, face_data, zip_path, '--size', '128', '--tta')
    exported = unzip_masks(zip_path, tmp_path / 'unzipped')
    out = tmp_path / 'infer'
    # the config comes from inside the checkpoint: a face-parsing checkpoint is enough
    call_tool(capsys, ROOT / 'infer.py', face_data / 'val' / 'val_image', out, '--checkpoint',
              face_run / 'iter_2.pth', '--tta')
    assert sorted(p.name for p in out.iterdir()) == ['0.png', '1.png', '2.png']
    for path in out.iterdir():
        np.testing.assert_array_equal(np.array(Image.open(path)),
                                      np.array(Image.open(exported / path.name)))


def test_export_refuses_a_zip_above_the_size_limit(face_run, face_data, tmp_path, capsys):
    zip_path = tmp_path / 'big.zip'
    result = export(capsys, face_run, face_data, zip_path, '--size', '128', '--max-mb',
                    '0.0001', check=False)
    assert result.returncode != 0
    assert "above CodaLab's limit of 0.00 MB" in result.stderr
    assert list(tmp_path.iterdir()) == []  # neither the zip nor a partial file is left
    result = export(capsys, face_run, face_data, zip_path, check=False)  # default: 512x512 masks
    assert result.returncode != 0 and '128x128 but the competition wants 512x512' in result.stderr


def test_evaluate_names_a_mask_with_a_value_above_18(face_data, tmp_path, capsys):
    predictions = tmp_path / 'pred'
    predictions.mkdir()
    for path in sorted((face_data / 'val' / 'val_mask').iterdir()):
        mask = np.array(Image.open(path))
        if path.stem == '1':
            mask[0, 0] = 21
        write_palette_png(mask, predictions / path.name)
    result = call_tool(capsys, TOOLS / 'evaluate.py', predictions,
                       face_data / 'val' / 'val_mask', '--num-classes', '19', check=False)
    assert result.returncode != 0
    assert f'mask {predictions / "1.png"} holds the value 21' in result.stderr


def test_count_params_prints_the_trainable_parameter_count(face_run, capsys):
    import torch
    state = torch.load(face_run / 'iter_2.pth', weights_only=False)['state_dict']
    # every parameter of this model is trainable; BN buffers are not parameters
    expected = sum(v.numel() for k, v in state.items()
                   if not k.endswith(('running_mean', 'running_var', 'num_batches_tracked')))
    result = call_tool(capsys, TOOLS / 'count_params.py', CPU_FACE_CONFIG)
    assert result.stdout.startswith(f'{expected} trainable parameters')


def test_plot_curves_draws_loss_and_miou_and_tables_the_last_validation(face_run):
    result = run_tool(TOOLS / 'plot_curves.py', face_run)
    image = cv2.imread(str(face_run / 'curves.png'))
    assert image is not None and image.shape[1] > image.shape[0]
    rows = (face_run / 'per_class_iou.md').read_text().splitlines()[2:]
    assert [row.split('|')[1].strip() for row in rows] == list(FACE_CLASSES)
    assert '2 loss points, 1 validations' in result.stdout


def test_make_face_dataset_writes_the_course_layout(tmp_path, capsys):
    call_tool(capsys, TOOLS / 'make_face_dataset.py', tmp_path, '--train', '2', '--val', '1',
              '--test', '1', '--size', '64')
    assert sorted(p.name for p in (tmp_path / 'train' / 'train_image').iterdir()) == \
        ['0.jpg', '1.jpg']
    mask = Image.open(tmp_path / 'val' / 'val_mask' / '0.png')
    assert mask.mode == 'P' and mask.size == (64, 64) and np.array(mask).max() <= 18
    assert not (tmp_path / 'test' / 'test_mask').exists()
    bad = call_tool(capsys, TOOLS / 'make_face_dataset.py', tmp_path, '--size', '8', check=False)
    assert bad.returncode != 0 and '--size' in bad.stderr


def test_the_zip_gets_the_umask_mode(face_run, face_data, tmp_path, capsys):
    """mkstemp's 0600 used to stay on the zip whatever the umask."""
    old = os.umask(0o022)
    try:
        export(capsys, face_run, face_data, tmp_path / 'sub.zip', '--size', '128')
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / 'sub.zip').stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ['sub.zip']


def test_export_to_a_folder_or_with_a_foreign_checkpoint_is_one_line(face_run, face_data,
                                                                    trained_run, tmp_path,
                                                                    capsys):
    folder = tmp_path / 'taken'
    folder.mkdir()
    result = export(capsys, face_run, face_data, folder, '--size', '128', check=False)
    assert result.returncode == 1 and f'{folder} is a folder' in result.stderr
    assert list(folder.iterdir()) == []
    logo = call_tool(capsys, TOOLS / 'export_codalab.py', CPU_FACE_CONFIG,
                     trained_run / 'iter_2.pth', face_data / 'val' / 'val_image',
                     '--out', tmp_path / 'x.zip', check=False)
    assert logo.returncode == 1 and 'does not fit' in logo.stderr
    assert 'iter_2.pth' in logo.stderr and not (tmp_path / 'x.zip').exists()


def test_make_face_dataset_refuses_a_folder_of_an_earlier_run(tmp_path, capsys):
    """A smaller second run used to leave the first run's extra faces in the split."""
    call_tool(capsys, TOOLS / 'make_face_dataset.py', tmp_path, '--train', '3', '--val', '0',
              '--test', '0', '--size', '64')
    again = call_tool(capsys, TOOLS / 'make_face_dataset.py', tmp_path, '--train', '1',
                      '--val', '0', '--test', '0', '--size', '64', check=False)
    assert again.returncode == 1 and 'train_image already holds 3 file(s)' in again.stderr
    assert len(list((tmp_path / 'train' / 'train_image').iterdir())) == 3
