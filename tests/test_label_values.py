"""Every reader of masks checks their values and names the file and the bad value: the VOC
devkit dataset, the binary folders (birds, unet_lab, logo), tools/evaluate.py; and the data
generators refuse to write into a folder that already holds files."""

import cv2
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS
from PIL import Image

import mmseg_custom  # noqa: F401  (registers the datasets and transforms)
from conftest import ROOT, VOC_TINY_CONFIG, load_tool, run_tool
from mmseg_custom.data.voc_synthetic import make_voc_devkit, write_palette_png
from mmseg_custom.errors import UserError


def tool(name):
    return load_tool(ROOT / 'tools' / f'{name}.py')


evaluate_tool = tool('evaluate')

BINARY_PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadBinaryAnnotations'),
                   dict(type='PackSegInputs')]


@pytest.fixture
def devkit(tmp_path):
    return make_voc_devkit(tmp_path, {'train': 2, 'val': 2}, size=(32, 40), seed=3)


def voc_split(voc, split):
    init_default_scope('mmseg')
    cfg = Config.fromfile(str(VOC_TINY_CONFIG))
    loader = cfg.train_dataloader if split == 'train' else cfg.val_dataloader
    dataset = dict(loader.dataset, data_root=str(voc))
    return DATASETS.build(dataset)


def set_pixel(path, value):
    mask = np.array(Image.open(path))
    mask[3, 4] = value
    write_palette_png(path, mask)


@pytest.mark.parametrize('split', ['train', 'val'])
def test_voc_value_50_is_refused_naming_the_file_and_the_value(devkit, split):
    name = (devkit / f'ImageSets/Segmentation/{split}.txt').read_text().split()[1]
    bad = devkit / 'SegmentationClass' / f'{name}.png'
    assert len(voc_split(devkit, split)) == 2  # the clean set, with its 255 borders, loads
    set_pixel(bad, 50)
    with pytest.raises(UserError, match=f'mask {bad} holds the value 50, but VOC labels are '
                                        r'0..20 \(and 255, ignored\)'):
        voc_split(devkit, split)


def test_voc_train_tool_stops_before_training_naming_the_mask(devkit, tmp_path):
    name = (devkit / 'ImageSets/Segmentation/val.txt').read_text().split()[0]
    set_pixel(devkit / 'SegmentationClass' / f'{name}.png', 50)
    result = run_tool(ROOT / 'tools' / 'train.py', VOC_TINY_CONFIG, '--work-dir',
                      tmp_path / 'run', '--cfg-options', f'data_root={devkit}',
                      'train_cfg.max_iters=1', check=False)
    assert result.returncode != 0
    assert f'{name}.png holds the value 50' in result.stderr
    assert 'out of bounds' not in result.stderr
    assert not list((tmp_path / 'run').rglob('*.pth'))


def binary_folder(root, mask, image_shape=None):
    """One image with `mask` (written with cv2 or PIL as it is) in images/ + masks/."""
    (root / 'images').mkdir(parents=True)
    (root / 'masks').mkdir()
    shape = image_shape or mask.shape[:2]
    cv2.imwrite(str(root / 'images' / 'a.jpg'), np.full((*shape, 3), 100, np.uint8))
    cv2.imwrite(str(root / 'masks' / 'a.png'), mask)
    init_default_scope('mmseg')
    return DATASETS.build(dict(type='BinaryFolderDataset', data_root=str(root),
                               data_prefix=dict(img_path='images', seg_map_path='masks'),
                               pipeline=BINARY_PIPELINE))


def labels_of(dataset):
    return dataset[0]['data_samples'].gt_sem_seg.data[0].numpy()


def test_binary_soft_and_colour_masks_still_read():
    soft = np.array([[0, 127, 128, 255]], np.uint8).repeat(2, axis=0)
    from mmseg_custom.transforms.binary_annotations import binary_labels
    assert binary_labels(soft, 'm.png').tolist() == [[0, 0, 1, 1]] * 2
    colour = np.zeros((2, 4, 3), np.uint8)
    colour[:, 2:, 1] = 255  # foreground drawn green
    assert binary_labels(colour, 'm.png').tolist() == [[0, 0, 1, 1]] * 2
    assert binary_labels(np.zeros((2, 2), np.uint8), 'm.png').sum() == 0  # no foreground


def test_binary_16_bit_mask_is_refused_not_wrapped(tmp_path):
    mask = np.zeros((8, 8), np.uint16)
    mask[:, 4:] = 1000  # uint8 would wrap it to 232: foreground by accident
    with pytest.raises(UserError, match=r'mask .*a\.png holds the value 1000, but binary'):
        labels_of(binary_folder(tmp_path, mask))


def test_binary_zero_one_mask_is_refused_not_read_as_all_background(tmp_path):
    mask = np.zeros((8, 8), np.uint8)
    mask[:, 4:] = 1
    with pytest.raises(UserError, match=r'mask .*a\.png holds only the values 0 and 1'):
        labels_of(binary_folder(tmp_path, mask))


def test_binary_alpha_channel_does_not_make_everything_foreground(tmp_path):
    mask = np.zeros((8, 8, 4), np.uint8)
    mask[..., 3] = 255  # opaque everywhere
    mask[:, 4:, :3] = 255  # white foreground on the right
    labels = labels_of(binary_folder(tmp_path, mask))
    assert labels[:, :4].sum() == 0 and labels[:, 4:].all()


def test_face_16_bit_mask_is_refused_not_wrapped(tmp_path):
    from mmseg_custom.datasets.celebamask import LoadFaceAnnotations
    mask = np.zeros((8, 8), np.uint16)
    mask[2, 2] = 256 + 13  # uint8 would read it as hair (13)
    cv2.imwrite(str(tmp_path / 'm.png'), mask)
    results = dict(seg_map_path=str(tmp_path / 'm.png'), reduce_zero_label=False, seg_fields=[])
    with pytest.raises(UserError, match=r'm\.png holds the value 269, but face-parsing'):
        LoadFaceAnnotations()(results)


def test_evaluate_refuses_a_zero_one_ground_truth_naming_it(tmp_path):
    pred, truth = tmp_path / 'pred', tmp_path / 'truth'
    pred.mkdir()
    truth.mkdir()
    mask = np.zeros((8, 8), np.uint8)
    mask[:, 4:] = 1
    cv2.imwrite(str(truth / 'a.png'), mask)
    cv2.imwrite(str(pred / 'a.png'), mask * 255)
    with pytest.raises(SystemExit, match=r'truth.a\.png holds only the values 0 and 1'):
        evaluate_tool.main([str(pred), str(truth)])
    cv2.imwrite(str(truth / 'a.png'), mask * 255)  # the same mask as 0/255 scores perfectly
    assert evaluate_tool.main([str(pred), str(truth)])['image_iou'] == 1.0


def test_evaluate_classes_ignores_voc_borders_and_names_value_50(devkit, tmp_path):
    truth = devkit / 'SegmentationClass'
    pred = tmp_path / 'pred'
    pred.mkdir()
    for path in sorted(truth.iterdir()):
        mask = np.array(Image.open(path))
        mask[mask == 255] = 0  # a prediction has no border
        write_palette_png(pred / path.name, mask)
    scores = evaluate_tool.main([str(pred), str(truth), '--num-classes', '21'])
    assert scores['miou'] == 1.0  # border pixels (255) are left out, as by IoUMetric
    name = sorted(truth.iterdir())[1]
    set_pixel(name, 50)
    with pytest.raises(SystemExit, match=f'mask {name} holds the value 50'):
        evaluate_tool.main([str(pred), str(truth), '--num-classes', '21'])


@pytest.mark.parametrize('generator', ['logo', 'birds', 'face', 'voc'])
def test_generators_refuse_a_folder_that_holds_files(tmp_path, generator):
    from mmseg_custom.data.face_synth import make_face_dataset
    from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
    from mmseg_custom.data.synthetic_birds import make_birds_dataset
    write = {'logo': lambda n: make_logo_dataset(tmp_path, n, seed=n, progress=False),
             'birds': lambda n: make_birds_dataset(tmp_path, n, seed=n, size_range=(32, 40),
                                                   progress=False),
             'face': lambda n: make_face_dataset(tmp_path, 'train', n, seed=n, size=32),
             'voc': lambda n: make_voc_devkit(tmp_path, {'train': n}, size=(16, 16), seed=n)}
    write[generator](2)
    before = sorted(p for p in tmp_path.rglob('*') if p.is_file())
    stamps = [p.stat().st_mtime_ns for p in before]
    with pytest.raises(UserError, match='already holds .* file'):
        write[generator](1)  # a smaller set would have left the older second image behind
    assert sorted(p for p in tmp_path.rglob('*') if p.is_file()) == before
    assert [p.stat().st_mtime_ns for p in before] == stamps  # nothing rewritten


def test_voc_generator_refuses_empty_splits(tmp_path):
    with pytest.raises(UserError, match='at least one image'):
        make_voc_devkit(tmp_path, {'train': 2, 'val': 0})
    assert not (tmp_path / 'VOCdevkit').exists()


def test_make_tools_print_one_line_for_a_used_folder(tmp_path):
    run_tool(ROOT / 'tools' / 'make_face_dataset.py', tmp_path, '--train', '1', '--val', '1',
             '--test', '0', '--size', '32')
    again = run_tool(ROOT / 'tools' / 'make_face_dataset.py', tmp_path, '--train', '1',
                     '--val', '1', '--test', '0', '--size', '32', check=False)
    assert again.returncode == 1 and 'Traceback' not in again.stderr
    assert 'already holds 1 file(s)' in again.stderr
    birds = run_tool(ROOT / 'tools' / 'make_birds_dataset.py', tmp_path / 'b', '--num', '1')
    assert birds.returncode == 0
    again = run_tool(ROOT / 'tools' / 'make_birds_dataset.py', tmp_path / 'b', '--num', '1',
                     check=False)
    assert again.returncode == 1 and 'already holds 1 file(s)' in again.stderr


def test_attack_tool_names_a_reference_mask_with_value_50(devkit):
    from mmseg_custom.image_io import UnreadableImageError
    attack_tool = tool('attack')
    name = (devkit / 'ImageSets/Segmentation/val.txt').read_text().split()[0]
    path = devkit / 'SegmentationClass' / f'{name}.png'
    clean = np.zeros((32, 40), np.int64)
    assert attack_tool.read_reference(path.parent, name, clean, 21).shape == (32, 40)
    set_pixel(path, 50)
    with pytest.raises(UnreadableImageError, match=f'mask {path} holds the value 50'):
        attack_tool.read_reference(path.parent, name, clean, 21)


def test_compare_tool_refuses_a_zero_one_truth_and_ignores_alpha(tmp_path):
    compare_tool = tool('compare')
    mask = np.zeros((8, 8), np.uint8)
    mask[:, 4:] = 1
    cv2.imwrite(str(tmp_path / 'a.png'), mask)
    with pytest.raises(UserError, match=r'a\.png holds only the values 0 and 1'):
        compare_tool.read_truth(tmp_path / 'a.png', 127)
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 3] = 255
    cv2.imwrite(str(tmp_path / 'b.png'), rgba)
    assert not compare_tool.read_truth(tmp_path / 'b.png', 127).any()
