"""infer.py's mask formats: class indices are lossless whatever the input format, binary
masks keep the logo challenge's naming."""
import shutil

import cv2
import numpy as np

from conftest import ROOT, VOC_TINY_CONFIG, call_tool

INFER = ROOT / 'infer.py'
EVALUATE = ROOT / 'tools' / 'evaluate.py'


def _voc_val(voc_devkit, tmp_path):
    """The val images as JPEG (as VOC ships them) and the same pixels as PNG, and their masks."""
    names = (voc_devkit / 'ImageSets' / 'Segmentation' / 'val.txt').read_text().split()
    jpeg, png, masks = (tmp_path / name for name in ('jpeg', 'png', 'masks'))
    for folder in (jpeg, png, masks):
        folder.mkdir()
    for name in names:
        shutil.copy(voc_devkit / 'JPEGImages' / f'{name}.jpg', jpeg)
        cv2.imwrite(str(png / f'{name}.png'), cv2.imread(str(jpeg / f'{name}.jpg')))
        shutil.copy(voc_devkit / 'SegmentationClass' / f'{name}.png', masks)
    return names, jpeg, png, masks


def test_class_masks_of_jpeg_inputs_are_lossless_and_score_as_png_inputs(
        voc_devkit, voc_checkpoint, tmp_path, capsys):
    names, jpeg, png, masks = _voc_val(voc_devkit, tmp_path)
    scores = {}
    for kind, images in (('jpeg', jpeg), ('png', png)):
        out = tmp_path / f'pred_{kind}'
        call_tool(capsys, INFER, images, out, '--config', VOC_TINY_CONFIG,
                  '--checkpoint', voc_checkpoint)
        assert sorted(p.name for p in out.iterdir()) == sorted(f'{n}.png' for n in names)
        scores[kind] = call_tool(capsys, EVALUATE, out, masks, '--num-classes', '21').value
    first = names[0]
    jpeg_mask = cv2.imread(str(tmp_path / 'pred_jpeg' / f'{first}.png'), cv2.IMREAD_UNCHANGED)
    png_mask = cv2.imread(str(tmp_path / 'pred_png' / f'{first}.png'), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(jpeg_mask, png_mask)
    assert set(np.unique(jpeg_mask)) <= set(range(4))  # background and the 3 drawn classes
    assert scores['jpeg']['miou'] == scores['png']['miou']
    assert scores['png']['miou'] > 0.5


def test_help_says_which_masks_keep_the_image_name(capsys):
    help_text = call_tool(capsys, INFER, '--help').stdout
    assert 'binary model' in help_text and "image's own file" in help_text
    assert 'multi-class' in help_text and '<stem>.png' in help_text
