"""tools/compare.py end to end with two models whose answers are known: one that calls every
pixel foreground, one that calls every pixel background."""
import contextlib
import csv
import io

import cv2
import pytest
import torch
from mmengine.config import Config
from mmseg.apis import init_model

from conftest import CPU_CONFIG, ROOT, call_tool, load_tool

CONFIG = ROOT / 'configs' / 'birds' / 'unet_lab-small.py'
COMPARE = ROOT / 'tools' / 'compare.py'


def constant_checkpoint(path, foreground: bool):
    """The birds U-Net with a classifier that ignores its input: always one class."""
    model = init_model(Config.fromfile(str(CONFIG)), checkpoint=None, device='cpu')
    conv = model.decode_head.conv_seg
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.copy_(torch.tensor([0.0, 5.0] if foreground else [5.0, 0.0]))
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, path)
    return path


@pytest.fixture(scope='module')
def comparison(birds_data, tmp_path_factory):
    tmp = tmp_path_factory.mktemp('compare')
    everything = constant_checkpoint(tmp / 'everything.pth', foreground=True)
    nothing = constant_checkpoint(tmp / 'nothing.pth', foreground=False)
    out = tmp / 'out'
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        load_tool(COMPARE).main([str(a) for a in (
            CONFIG, everything, CONFIG, nothing, '--names', 'all_bird', 'no_bird',
            '--images', birds_data / 'val' / 'images',
            '--masks', birds_data / 'val' / 'segmentations', '--out', out)])
    return birds_data / 'val', out, printed.getvalue()


def foreground_share(split):
    masks = [cv2.imread(str(p), cv2.IMREAD_GRAYSCALE) > 127
             for p in sorted((split / 'segmentations').rglob('*.png'))]
    return sum(m.sum() for m in masks) / sum(m.size for m in masks)


def test_table_has_the_known_scores(comparison):
    split, out, result = comparison
    share = 100 * foreground_share(split)
    rows = {row['model']: row for row in csv.DictReader(open(out / 'metrics.csv'))}
    every, none = rows['all_bird'], rows['no_bird']
    assert int(every['images']) == int(none['images']) == 4
    assert float(every['recall']) == 100.0
    for key in ('accuracy', 'precision', 'iou'):
        assert float(every[key]) == pytest.approx(share, abs=0.01)
    assert float(none['accuracy']) == pytest.approx(100 - share, abs=0.01)
    assert float(none['recall']) == float(none['iou']) == float(none['f1']) == 0.0
    markdown = (out / 'metrics.md').read_text()
    assert markdown.splitlines()[0] == ('| model | images | accuracy | precision | recall | f1 | '
                                        'iou | image_iou |')
    assert '| all_bird | 4 |' in markdown and markdown in result


def test_one_side_by_side_picture_per_image_with_coloured_differences(comparison):
    split, out, _ = comparison
    pictures = sorted((out / 'pictures').glob('*.png'))
    assert len(pictures) == 4 and all('__' in p.name for p in pictures)  # class__name.png
    picture = cv2.imread(str(pictures[0]))
    assert picture.shape[0] == 160 + 22
    red = (picture[..., 2] > 200) & (picture[..., 1] < 50) & (picture[..., 0] < 50)
    blue = (picture[..., 0] > 200) & (picture[..., 2] < 50)
    assert red.any() and blue.any()  # false foreground of one model, missed bird of the other
    masks = sorted((out / 'masks' / 'all_bird').rglob('*.png'))
    assert len(masks) == 4 and (cv2.imread(str(masks[0]), cv2.IMREAD_GRAYSCALE) == 255).all()


def test_bad_arguments_are_explained(birds_data, tmp_path, capsys):
    odd = call_tool(capsys, COMPARE, CONFIG, '--images', tmp_path,
                    '--masks', tmp_path, '--out', tmp_path / 'o', check=False)
    assert odd.returncode == 2 and 'CONFIG CHECKPOINT pairs' in odd.stderr
    missing = call_tool(capsys, COMPARE, CONFIG, tmp_path / 'none.pth',
                        '--images', tmp_path, '--masks', tmp_path, '--out', tmp_path / 'o',
                        check=False)
    assert missing.returncode == 2 and 'none.pth does not exist' in missing.stderr
    ckpt = constant_checkpoint(tmp_path / 'c.pth', foreground=True)
    no_masks = call_tool(capsys, COMPARE, CONFIG, ckpt,
                         '--images', birds_data / 'val' / 'images', '--masks', tmp_path / 'x',
                         '--out', tmp_path / 'o', check=False)
    assert no_masks.returncode == 1 and 'mask folder' in no_masks.stderr


def test_a_checkpoint_that_does_not_fit_stops_before_anything_is_written(birds_data, tmp_path,
                                                                        capsys):
    """The second pair's checkpoint is the birds U-Net's, given with the logo config: the
    first model's masks must not be written before that is found."""
    ckpt = constant_checkpoint(tmp_path / 'birds.pth', foreground=True)
    out = tmp_path / 'o'
    result = call_tool(capsys, COMPARE, CONFIG, ckpt, CPU_CONFIG, ckpt,
                       '--images', birds_data / 'val' / 'images',
                       '--masks', birds_data / 'val' / 'segmentations', '--out', out,
                       check=False)
    assert result.returncode == 1
    assert 'birds.pth' in result.stderr and 'unet_mobilenetv2_cpu.py' in result.stderr
    assert not out.exists()
