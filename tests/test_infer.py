"""infer.py end to end: names, sizes, values, odd inputs and bad input."""
import importlib.util
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from mmengine.config import Config

from conftest import CPU_CONFIG, ROOT, run_tool
from mmseg_custom.inference import ASSETS
from mmseg_custom.logo_fit import LogoFitter

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


def test_jpeg_masks_threshold_back_to_binary(mixed_inputs, trained_run, tmp_path):
    (mixed_inputs / 'broken.jpg').unlink()
    out = tmp_path / 'out'
    run_tool(INFER, mixed_inputs, out, '--checkpoint', trained_run / 'iter_2.pth',
             '--config', ROOT / 'configs' / 'logo' / 'mobilenetv2_unet_cpu.py', '--workers', '0')
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
def test_bad_folders_are_clear_errors(case, message, tmp_path, trained_run):
    source = tmp_path / 'src'
    if case != 'missing':
        source.mkdir()
    if case == 'same':
        cv2.imwrite(str(source / 'a.png'), np.zeros((8, 8, 3), np.uint8))
    target = source if case == 'same' else tmp_path / 'dst'
    result = run_tool(INFER, source, target, '--checkpoint', trained_run / 'iter_2.pth',
                      check=False)
    assert result.returncode != 0
    assert message in result.stderr
    if case == 'same':
        assert sorted(p.name for p in source.iterdir()) == ['a.png']


def test_missing_checkpoint_is_a_clear_error(tmp_path):
    source = tmp_path / 'src'
    source.mkdir()
    cv2.imwrite(str(source / 'a.png'), np.zeros((8, 8, 3), np.uint8))
    result = run_tool(INFER, source, tmp_path / 'dst', '--checkpoint', tmp_path / 'nope.pth',
                      check=False)
    assert result.returncode != 0
    assert 'nope.pth does not exist' in result.stderr
    assert not (tmp_path / 'dst').exists()


def test_tta_follows_the_config_unless_the_command_line_says_otherwise(trained_run, tmp_path,
                                                                       logo_data):
    source = tmp_path / 'src'
    source.mkdir()
    cv2.imwrite(str(source / 'a.jpg'), cv2.imread(str(logo_data / 'val' / 'img' / '00000.jpg')))
    checkpoint = ('--checkpoint', trained_run / 'iter_2.pth')
    run_tool(INFER, source, tmp_path / 'default', *checkpoint)
    run_tool(INFER, source, tmp_path / 'tta', *checkpoint, '--tta')
    default = cv2.imread(str(tmp_path / 'default' / 'a.jpg'), cv2.IMREAD_GRAYSCALE)
    assert np.array_equal(default, cv2.imread(str(tmp_path / 'tta' / 'a.jpg'),
                                              cv2.IMREAD_GRAYSCALE))
    # a config that asks for TTA but defines none: refused by default, fine with --no-tta
    no_pipeline = tmp_path / 'no_tta_pipeline.py'
    no_pipeline.write_text(f"_base_ = ['{CPU_CONFIG}']\ntta_pipeline = None\n")
    options = (*checkpoint, '--config', no_pipeline)
    refused = run_tool(INFER, source, tmp_path / 'refused', *options, check=False)
    assert refused.returncode != 0 and 'tta_pipeline' in refused.stderr
    run_tool(INFER, source, tmp_path / 'plain', *options, '--no-tta')
    assert (tmp_path / 'plain' / 'a.jpg').is_file()


def load_infer_module():
    spec = importlib.util.spec_from_file_location('infer_script', INFER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_logo_fit_follows_the_config_and_needs_a_binary_model():
    logo_fitter = load_infer_module().logo_fitter
    logo = ASSETS / 'logo.png'

    def model(classes, **cfg):
        return SimpleNamespace(cfg=Config(cfg), dataset_meta=dict(classes=classes))

    binary = ('background', 'logo')
    assert isinstance(logo_fitter(model(binary, infer_with_logo_fit=True), None, logo),
                      LogoFitter)
    assert logo_fitter(model(binary, infer_with_logo_fit=True), False, logo) is None
    assert logo_fitter(model(binary), None, logo) is None
    assert isinstance(logo_fitter(model(binary), True, logo), LogoFitter)
    with pytest.raises(ValueError, match='binary'):
        logo_fitter(model(('a', 'b', 'c')), True, logo)


def test_logo_fit_refuses_a_tta_model_that_drops_the_probabilities(trained_run, tmp_path,
                                                                   logo_data):
    source = tmp_path / 'src'
    source.mkdir()
    cv2.imwrite(str(source / 'a.jpg'), cv2.imread(str(logo_data / 'val' / 'img' / '00000.jpg')))
    stock_tta = tmp_path / 'stock_tta.py'
    stock_tta.write_text(f"_base_ = ['{CPU_CONFIG}']\ntta_model = dict(type='SegTTAModel')\n")
    options = ('--checkpoint', trained_run / 'iter_2.pth', '--config', stock_tta)
    refused = run_tool(INFER, source, tmp_path / 'refused', *options, check=False)
    assert refused.returncode != 0 and 'MeanProbabilityTTAModel' in refused.stderr
    run_tool(INFER, source, tmp_path / 'plain', *options, '--no-tta')
    assert (tmp_path / 'plain' / 'a.jpg').is_file()
