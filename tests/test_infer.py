"""infer.py end to end: names, sizes, values, odd inputs and bad input.

The first test runs the organisers' command line in a subprocess; the others call main(argv).
"""
import os
import stat
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmseg.apis import init_model

from conftest import CPU_CONFIG, ROOT, call_tool, load_tool, run_tool
from mmseg_custom.errors import UserError
from mmseg_custom.logo_fit import LogoFitter
from mmseg_custom.shipped_models import ASSETS

INFER = ROOT / 'infer.py'


@pytest.fixture()
def mixed_inputs(tmp_path, logo_data):
    """A folder of images in every shape infer.py must take, plus a text file and a corrupt JPEG."""
    folder = tmp_path / 'in'
    folder.mkdir()
    photo = cv2.imread(str(logo_data / 'val' / 'img' / '00000.jpg'))
    cv2.imwrite(str(folder / 'photo.jpg'), photo)
    cv2.imwrite(str(folder / 'small.v2.png'), cv2.resize(photo, (200, 130)))
    cv2.imwrite(str(folder / 'gray.png'), cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY))
    cv2.imwrite(str(folder / 'rgba.png'), cv2.cvtColor(photo, cv2.COLOR_BGR2BGRA))
    cv2.imwrite(str(folder / 'deep.png'), photo[:100, :150].astype(np.uint16) * 257)
    cv2.imwrite(str(folder / 'mask.bmp'), photo[:64, :64])
    (folder / 'notes.txt').write_text('not an image')
    (folder / 'broken.jpg').write_bytes(b'\xff\xd8\xff\xe0 truncated')
    return folder


def test_every_readable_image_gets_a_mask_and_the_corrupt_one_is_reported(
        mixed_inputs, trained_run, tmp_path):
    out = tmp_path / 'out'
    result = run_tool(INFER, mixed_inputs, out, '--checkpoint', trained_run / 'iter_2.pth',
                      '--batch-size', '3', check=False)
    assert result.returncode == 1
    assert 'broken.jpg' in result.stderr and 'notes.txt' in result.stderr
    expected = {'photo.jpg': (340, 512), 'small.v2.png': (130, 200), 'gray.png': (340, 512),
                'rgba.png': (340, 512), 'deep.png': (100, 150), 'mask.bmp': (64, 64)}
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name, shape in expected.items():
        mask = cv2.imread(str(out / name), cv2.IMREAD_UNCHANGED)
        assert mask.shape == shape, name
        values = set(np.unique(mask))
        tolerance = {0, 255} if not name.endswith('.jpg') else set(range(256))
        assert values <= tolerance, name


def test_jpeg_masks_threshold_back_to_binary(mixed_inputs, trained_run, tmp_path, capsys):
    (mixed_inputs / 'broken.jpg').unlink()
    out = tmp_path / 'out'
    call_tool(capsys, INFER, mixed_inputs, out, '--checkpoint', trained_run / 'iter_2.pth',
             '--config', ROOT / 'configs' / 'logo' / 'unet_mobilenetv2_cpu.py', '--workers', '0')
    jpeg = cv2.imread(str(out / 'photo.jpg'), cv2.IMREAD_GRAYSCALE)
    png = cv2.imread(str(out / 'gray.png'), cv2.IMREAD_GRAYSCALE)
    assert jpeg.shape == png.shape
    # the same photo in colour and gray gives nearly the same mask; JPEG noise stays below 0.5
    assert np.mean((jpeg / 255.0 > 0.5) != (png > 0)) < 0.2


@pytest.mark.parametrize('case, message', [
    ('same', 'must differ from the input folder'),
    ('missing', 'does not exist'),
    ('empty', 'no images'),
])
def test_bad_folders_are_clear_errors(case, message, tmp_path, trained_run, capsys):
    source = tmp_path / 'src'
    if case != 'missing':
        source.mkdir()
    if case == 'same':
        cv2.imwrite(str(source / 'a.png'), np.zeros((8, 8, 3), np.uint8))
    target = source if case == 'same' else tmp_path / 'dst'
    result = call_tool(capsys, INFER, source, target, '--checkpoint', trained_run / 'iter_2.pth',
                       check=False)
    assert result.returncode != 0
    assert message in result.stderr
    if case == 'same':
        assert sorted(p.name for p in source.iterdir()) == ['a.png']


def test_missing_checkpoint_is_a_clear_error(tmp_path, capsys):
    source = tmp_path / 'src'
    source.mkdir()
    cv2.imwrite(str(source / 'a.png'), np.zeros((8, 8, 3), np.uint8))
    result = call_tool(capsys, INFER, source, tmp_path / 'dst', '--checkpoint',
                       tmp_path / 'nope.pth', check=False)
    assert result.returncode != 0
    assert 'nope.pth does not exist' in result.stderr
    assert not (tmp_path / 'dst').exists()


def test_tta_follows_the_config_unless_the_command_line_says_otherwise(trained_run, tmp_path,
                                                                       logo_data, capsys):
    source = tmp_path / 'src'
    source.mkdir()
    cv2.imwrite(str(source / 'a.jpg'), cv2.imread(str(logo_data / 'val' / 'img' / '00000.jpg')))
    checkpoint = ('--checkpoint', trained_run / 'iter_2.pth')
    call_tool(capsys, INFER, source, tmp_path / 'default', *checkpoint)
    call_tool(capsys, INFER, source, tmp_path / 'tta', *checkpoint, '--tta')
    default = cv2.imread(str(tmp_path / 'default' / 'a.jpg'), cv2.IMREAD_GRAYSCALE)
    assert np.array_equal(default, cv2.imread(str(tmp_path / 'tta' / 'a.jpg'),
                                              cv2.IMREAD_GRAYSCALE))
    # a config that asks for TTA but defines none: refused by default, fine with --no-tta
    no_pipeline = tmp_path / 'no_tta_pipeline.py'
    no_pipeline.write_text(f"_base_ = ['{CPU_CONFIG}']\ntta_pipeline = None\n")
    options = (*checkpoint, '--config', no_pipeline)
    refused = call_tool(capsys, INFER, source, tmp_path / 'refused', *options, check=False)
    assert refused.returncode != 0 and 'tta_pipeline' in refused.stderr
    call_tool(capsys, INFER, source, tmp_path / 'plain', *options, '--no-tta')
    assert (tmp_path / 'plain' / 'a.jpg').is_file()


def test_logo_fit_follows_the_config_and_needs_a_binary_model():
    logo_fitter = load_tool(INFER).logo_fitter
    logo = ASSETS / 'logo.png'

    def model(classes, **cfg):
        return SimpleNamespace(cfg=Config(cfg), dataset_meta=dict(classes=classes))

    binary = ('background', 'logo')
    assert isinstance(logo_fitter(model(binary, infer_with_logo_fit=True), None, logo),
                      LogoFitter)
    assert logo_fitter(model(binary, infer_with_logo_fit=True), False, logo) is None
    assert logo_fitter(model(binary), None, logo) is None
    assert isinstance(logo_fitter(model(binary), True, logo), LogoFitter)
    with pytest.raises(UserError, match='binary'):
        logo_fitter(model(('a', 'b', 'c')), True, logo)


def test_logo_fit_refuses_a_tta_model_that_drops_the_probabilities(trained_run, tmp_path,
                                                                   logo_data, capsys):
    source = tmp_path / 'src'
    source.mkdir()
    cv2.imwrite(str(source / 'a.jpg'), cv2.imread(str(logo_data / 'val' / 'img' / '00000.jpg')))
    stock_tta = tmp_path / 'stock_tta.py'
    stock_tta.write_text(f"_base_ = ['{CPU_CONFIG}']\ntta_model = dict(type='SegTTAModel')\n")
    options = ('--checkpoint', trained_run / 'iter_2.pth', '--config', stock_tta)
    refused = call_tool(capsys, INFER, source, tmp_path / 'refused', *options, check=False)
    assert refused.returncode != 0 and 'MeanProbabilityTTAModel' in refused.stderr
    call_tool(capsys, INFER, source, tmp_path / 'plain', *options, '--no-tta')
    assert (tmp_path / 'plain' / 'a.jpg').is_file()


def one_image_folder(tmp_path, logo_data, *names):
    source = tmp_path / 'src'
    source.mkdir()
    photo = cv2.imread(str(logo_data / 'val' / 'img' / '00000.jpg'))
    for name in names or ('a.jpg',):
        cv2.imwrite(str(source / name), photo)
    return source


def birds_checkpoint(path):
    """Weights of another model (the birds U-Net), with its config inside: a mix-up a user
    can make with --checkpoint."""
    config = ROOT / 'configs' / 'birds' / 'unet_lab-small.py'
    model = init_model(Config.fromfile(str(config)), checkpoint=None, device='cpu')
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dict(classes=('background', 'bird'))),
                    ), path)
    return path


def test_a_checkpoint_of_another_model_is_refused_naming_both_files(trained_run, logo_data,
                                                                     tmp_path, capsys):
    source = one_image_folder(tmp_path, logo_data)
    other = birds_checkpoint(tmp_path / 'birds.pth')
    out = tmp_path / 'out'
    result = call_tool(capsys, INFER, source, out, '--checkpoint', other, '--config', CPU_CONFIG,
                       check=False)
    assert result.returncode == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert 'birds.pth' in message and 'unet_mobilenetv2_cpu.py' in message
    assert 'does not fit' in message and 'backbone.' in message  # the first mismatching keys
    assert not out.exists()


def test_a_file_that_is_not_a_checkpoint_is_one_line(logo_data, tmp_path, capsys):
    source = one_image_folder(tmp_path, logo_data)
    junk = tmp_path / 'junk.pth'
    junk.write_bytes(np.random.default_rng(0).bytes(4096))
    result = call_tool(capsys, INFER, source, tmp_path / 'out', '--checkpoint', junk,
                       check=False)
    assert result.returncode == 1
    assert result.stderr.strip().startswith('error: ')
    assert 'junk.pth is not a PyTorch checkpoint' in result.stderr
    assert 'Traceback' not in result.stderr and not (tmp_path / 'out').exists()


def test_images_sharing_a_stem_are_refused_before_anything_is_written(trained_run, logo_data,
                                                                      tmp_path, capsys):
    source = one_image_folder(tmp_path, logo_data, 'a.jpg', 'a.png', 'b.jpg')
    out = tmp_path / 'out'
    result = call_tool(capsys, INFER, source, out, '--checkpoint', trained_run / 'iter_2.pth',
                       '--no-tta', '--no-fit-logo', check=False)
    assert result.returncode == 1
    assert 'a.jpg' in result.stderr and 'a.png' in result.stderr
    assert not out.exists()


@pytest.mark.parametrize('case', ['file', 'inside_a_file'])
def test_an_output_path_that_cannot_be_a_folder_is_named_in_one_line(case, trained_run,
                                                                     logo_data, tmp_path, capsys):
    source = one_image_folder(tmp_path, logo_data)
    blocker = tmp_path / 'taken'
    blocker.write_text('a file')
    out = blocker if case == 'file' else blocker / 'masks'
    result = call_tool(capsys, INFER, source, out, '--checkpoint', trained_run / 'iter_2.pth',
                       '--no-tta', '--no-fit-logo', check=False)
    assert result.returncode == 1
    assert str(blocker) in result.stderr and 'Traceback' not in result.stderr
    assert blocker.read_text() == 'a file'


def test_masks_get_the_umask_mode_and_no_partial_file_is_left(trained_run, logo_data,
                                                              tmp_path, capsys):
    source = one_image_folder(tmp_path, logo_data, 'a.jpg', 'b.png')
    old = os.umask(0o027)
    try:
        call_tool(capsys, INFER, source, tmp_path / 'out', '--checkpoint',
                  trained_run / 'iter_2.pth', '--no-tta', '--no-fit-logo')
    finally:
        os.umask(old)
    files = sorted((tmp_path / 'out').iterdir())
    assert [p.name for p in files] == ['a.jpg', 'b.png']
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o640}


def test_ctrl_c_leaves_only_complete_masks(trained_run, logo_data, tmp_path, capsys,
                                           monkeypatch):
    source = one_image_folder(tmp_path, logo_data, 'a.jpg', 'b.jpg', 'c.jpg')
    infer = load_tool(INFER)
    calls = []

    def interrupted_on_the_second(labels, num_classes):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return (labels * 255).astype(np.uint8)

    monkeypatch.setattr(infer, 'to_mask_image', interrupted_on_the_second)
    result = call_tool(capsys, INFER, source, tmp_path / 'out', '--checkpoint',
                       trained_run / 'iter_2.pth', '--no-tta', '--no-fit-logo', check=False)
    assert result.returncode == 130 and 'interrupted' in result.stderr
    written = sorted(p.name for p in (tmp_path / 'out').iterdir())
    assert written == ['a.jpg']  # the first mask, whole; no hidden partial file
    assert cv2.imread(str(tmp_path / 'out' / 'a.jpg'), cv2.IMREAD_GRAYSCALE).shape == (340, 512)


@pytest.mark.skipif(torch.cuda.is_available(), reason='needs a machine without CUDA')
def test_cuda_without_cuda_is_one_line(trained_run, logo_data, tmp_path, capsys):
    source = one_image_folder(tmp_path, logo_data)
    result = call_tool(capsys, INFER, source, tmp_path / 'out', '--checkpoint',
                       trained_run / 'iter_2.pth', '--device', 'cuda', check=False)
    assert result.returncode == 1 and 'CUDA is not available' in result.stderr
    assert not (tmp_path / 'out').exists()


@pytest.mark.parametrize('shape', [(1, 1), (3, 700), (700, 3), (1000, 1500)])
def test_odd_sized_images_get_masks_of_their_own_size(shape, trained_run, tmp_path, capsys):
    source = tmp_path / 'src'
    source.mkdir()
    rng = np.random.default_rng(1)
    cv2.imwrite(str(source / 'odd.png'), rng.integers(0, 255, shape + (3,), dtype=np.uint8))
    call_tool(capsys, INFER, source, tmp_path / 'out', '--checkpoint',
              trained_run / 'iter_2.pth', '--no-tta', '--no-fit-logo')
    mask = cv2.imread(str(tmp_path / 'out' / 'odd.png'), cv2.IMREAD_UNCHANGED)
    assert mask.shape == shape and set(np.unique(mask)) <= {0, 255}


def test_rerunning_into_the_same_folder_replaces_the_masks(trained_run, logo_data, tmp_path,
                                                           capsys):
    source = one_image_folder(tmp_path, logo_data)
    out = tmp_path / 'out'
    out.mkdir()
    (out / 'a.jpg').write_bytes(b'stale')
    (out / 'notes.txt').write_text('kept')
    call_tool(capsys, INFER, source, out, '--checkpoint', trained_run / 'iter_2.pth', '--no-tta',
              '--no-fit-logo')
    assert cv2.imread(str(out / 'a.jpg'), cv2.IMREAD_GRAYSCALE).shape == (340, 512)
    assert (out / 'notes.txt').read_text() == 'kept'


def test_a_clean_run_prints_progress_and_its_summary_and_no_warning(trained_run, logo_data,
                                                                    tmp_path):
    """The command as a user types it, with the TTA and the fit: no import chatter on stdout
    (the OneDL fork's "Could not import OneDL"), no warning on stderr (mmengine's PixelData
    reshaping, mmcv's missing compiled ops)."""
    result = run_tool(INFER, logo_data / 'val' / 'img', tmp_path / 'out', '--checkpoint',
                      trained_run / 'iter_2.pth', '--tta', '--fit-logo')
    assert 'OneDL' not in result.stdout and 'OneDL' not in result.stderr
    assert 'Warning' not in result.stderr and 'warn' not in result.stderr.lower()
    assert 'infer' in result.stderr  # the progress bar
    assert len(list((tmp_path / 'out').iterdir())) == 3
    assert result.stdout.strip()  # the summary
