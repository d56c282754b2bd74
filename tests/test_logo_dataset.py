"""LogoDataset and LoadBinaryAnnotations on tiny folders made here."""
import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmseg_custom  # noqa: F401
from mmseg_custom.errors import UserError

init_default_scope('mmseg')
PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadBinaryAnnotations'),
            dict(type='PackSegInputs')]


def write_pair(root, stem, mask, image_shape=None):
    (root / 'img').mkdir(parents=True, exist_ok=True)
    (root / 'mask').mkdir(parents=True, exist_ok=True)
    h, w = image_shape or mask.shape
    cv2.imwrite(str(root / 'img' / f'{stem}.jpg'), np.full((h, w, 3), 90, np.uint8))
    cv2.imwrite(str(root / 'mask' / f'{stem}.bmp'), mask)


def build(root):
    return DATASETS.build(dict(type='LogoDataset', data_root=str(root),
                               data_prefix=dict(img_path='img', seg_map_path='mask'),
                               pipeline=PIPELINE))


def test_masks_of_0_255_become_labels_0_1(tmp_path):
    mask = np.zeros((8, 12), np.uint8)
    mask[2:5, 3:9] = 255
    write_pair(tmp_path, 'a', mask)
    write_pair(tmp_path, 'b', np.zeros((8, 12), np.uint8))
    dataset = build(tmp_path)
    assert len(dataset) == 2
    assert dataset.metainfo['classes'] == ('background', 'logo')
    labels = dataset[0]['data_samples'].gt_sem_seg.data[0].numpy()
    assert np.array_equal(labels, (mask > 0).astype(np.uint8))
    assert dataset[1]['data_samples'].gt_sem_seg.data.sum() == 0


def test_missing_mask_is_named(tmp_path):
    write_pair(tmp_path, 'a', np.zeros((8, 12), np.uint8))
    cv2.imwrite(str(tmp_path / 'img' / 'lonely.jpg'), np.zeros((8, 12, 3), np.uint8))
    with pytest.raises(FileNotFoundError, match='lonely.bmp'):
        build(tmp_path)


def test_mask_of_another_size_is_named(tmp_path):
    write_pair(tmp_path, 'odd', np.zeros((8, 12), np.uint8), image_shape=(10, 12))
    dataset = build(tmp_path)
    with pytest.raises(UserError, match=r'odd\.bmp is 12x8 but image .*odd\.jpg is 12x10'):
        dataset[0]


def test_empty_folder_is_a_clear_error(tmp_path):
    (tmp_path / 'img').mkdir()
    (tmp_path / 'mask').mkdir()
    with pytest.raises(FileNotFoundError, match='no .jpg images'):
        build(tmp_path)
