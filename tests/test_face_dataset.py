"""CelebAMask-HQ dataset: loading palette masks, the label check, and the flip that swaps
left/right labels (on a mask whose answer is known and on the synthetic faces)."""
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS, TRANSFORMS
from PIL import Image

from conftest import ROOT
from mmseg_custom.data.face_synth import draw_face, write_palette_png
from mmseg_custom.datasets.celebamask import FACE_CLASSES
from mmseg_custom.errors import UserError

CPU_FACE_CONFIG = ROOT / 'configs' / 'celebamask' / 'unet_mobilenetv2_cpu.py'
SWAP_PAIRS = [(4, 5), (6, 7), (8, 9)]


def face_dataset(face_data, split='val', pipeline=None):
    init_default_scope('mmseg')
    pipeline = pipeline or [dict(type='LoadImageFromFile'), dict(type='LoadFaceAnnotations'),
                            dict(type='PackSegInputs')]
    return DATASETS.build(dict(
        type='CelebAMaskDataset', data_root=str(face_data), pipeline=pipeline,
        data_prefix=dict(img_path=f'{split}/{split}_image', seg_map_path=f'{split}/{split}_mask')))


def test_dataset_reads_palette_masks_as_class_indices(face_data):
    dataset = face_dataset(face_data)
    assert len(dataset) == 3
    assert dataset.metainfo['classes'] == FACE_CLASSES and len(dataset.metainfo['palette']) == 19
    mask_path = face_data / 'val' / 'val_mask' / '0.png'
    assert Image.open(mask_path).mode == 'P'  # shipped like the course's masks
    # the synthetic face 0 of the val split is drawn by the generator seeded (2, 0)
    _, expected = draw_face(np.random.default_rng([2, 0]), 128)
    sample = next(dataset[i] for i in range(3) if dataset[i]['data_samples'].img_path.endswith(
        '/0.jpg'))
    np.testing.assert_array_equal(sample['data_samples'].gt_sem_seg.data[0].numpy(), expected)


def test_mask_value_above_18_is_an_error_naming_the_file(face_data, tmp_path):
    root = tmp_path / 'bad'
    (root / 'val' / 'val_image').mkdir(parents=True)
    (root / 'val' / 'val_mask').mkdir(parents=True)
    image, mask = draw_face(np.random.default_rng(0), 64)
    Image.fromarray(image).save(root / 'val' / 'val_image' / '7.jpg')
    mask[10, 10] = 19
    write_palette_png(mask, root / 'val' / 'val_mask' / '7.png')
    dataset = face_dataset(root)
    with pytest.raises(UserError, match=r"7\.png.*19.*0\.\.18"):
        dataset[0]


def test_missing_mask_is_an_error_naming_it(face_data, tmp_path):
    root = tmp_path / 'half'
    (root / 'val' / 'val_image').mkdir(parents=True)
    (root / 'val' / 'val_mask').mkdir(parents=True)
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(root / 'val' / 'val_image' / '3.jpg')
    with pytest.raises(FileNotFoundError, match=r'3\.png'):
        face_dataset(root)


def test_horizontal_flip_swaps_left_and_right_labels_on_a_known_mask():
    init_default_scope('mmseg')
    flip = TRANSFORMS.build(dict(type='RandomFlip', prob=1., direction='horizontal',
                                 swap_seg_labels=SWAP_PAIRS))
    mask = np.array([[4, 6, 8, 1, 2, 9, 7, 5, 0]], np.uint8)
    image = np.arange(9 * 3, dtype=np.uint8).reshape(1, 9, 3)
    result = flip(dict(img=image.copy(), gt_seg_map=mask.copy(), seg_fields=['gt_seg_map']))
    # mirrored:                  [0, 5, 7, 9, 2, 1, 8, 6, 4]
    # then left<->right swapped: [0, 4, 6, 8, 2, 1, 9, 7, 5]
    np.testing.assert_array_equal(result['gt_seg_map'], [[0, 4, 6, 8, 2, 1, 9, 7, 5]])
    np.testing.assert_array_equal(result['img'], image[:, ::-1])


def assert_left_parts_on_the_left(mask):
    """Every left eye/brow/ear pixel lies left of the nose's centre, every right one right."""
    columns = {label: np.nonzero(mask == label)[1] for label in range(19)}
    centre = columns[2].mean()
    for left, right in SWAP_PAIRS:
        assert columns[left].max() < centre < columns[right].min(), (left, right)


def test_synthetic_faces_put_left_parts_on_the_left():
    for seed in range(5):
        _, mask = draw_face(np.random.default_rng(seed), 128)
        assert_left_parts_on_the_left(mask)


def test_training_pipeline_flip_keeps_left_parts_on_the_left(face_data):
    """The CPU config's own pipeline, its flip forced: labels follow the mirrored picture."""
    cfg = Config.fromfile(str(CPU_FACE_CONFIG))
    pipeline = [dict(step, prob=1.) if step['type'] == 'RandomFlip' else step
                for step in cfg.train_pipeline]
    pipeline = [step for step in pipeline if step['type'] not in ('RandomResize', 'RandomCrop')]
    sample = face_dataset(face_data, 'train', pipeline)[0]
    assert sample['data_samples'].flip
    assert_left_parts_on_the_left(sample['data_samples'].gt_sem_seg.data[0].numpy())
