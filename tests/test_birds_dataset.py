"""BirdsDataset on the CUB-200-2011 layout: nested class folders, soft masks, split files,
grayscale images; and tools/make_birds_dataset.py end to end."""
import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmseg_custom  # noqa: F401  (registers BirdsDataset)
from conftest import ROOT, run_tool

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadBinaryAnnotations'),
            dict(type='PackSegInputs')]


def write_pair(root, name, image, mask, mask_folder='segmentations'):
    for path, data in ((root / 'images' / f'{name}.jpg', image),
                       (root / mask_folder / f'{name}.png', mask)):
        path.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(path), data)


def build(root, **kwargs):
    init_default_scope('mmseg')
    return DATASETS.build(dict(type='BirdsDataset', data_root=str(root), pipeline=PIPELINE,
                               data_prefix=dict(img_path='images',
                                                seg_map_path='segmentations'), **kwargs))


def infos(dataset):
    return [dataset.get_data_info(i) for i in range(len(dataset))]


@pytest.fixture
def cub(tmp_path):
    """Two classes; a grayscale image; a soft mask with values on both sides of 127."""
    soft = np.array([[0, 127, 128, 255]], np.uint8).repeat(4, axis=0)
    write_pair(tmp_path, '001.Albatross/Albatross_0001', np.full((4, 4, 3), 90, np.uint8), soft)
    write_pair(tmp_path, '002.Auklet/Auklet_0002', np.full((4, 4), 200, np.uint8), soft)
    (tmp_path / 'images.txt').write_text('1 001.Albatross/Albatross_0001.jpg\n'
                                         '2 002.Auklet/Auklet_0002.jpg\n')
    return tmp_path


def test_finds_nested_images_and_thresholds_soft_masks(cub):
    dataset = build(cub)
    assert dataset.metainfo['classes'] == ('background', 'bird')
    assert [p['img_path'].split('/images/')[1] for p in infos(dataset)] == [
        '001.Albatross/Albatross_0001.jpg', '002.Auklet/Auklet_0002.jpg']
    labels = dataset[0]['data_samples'].gt_sem_seg.data[0].numpy()
    assert labels[0].tolist() == [0, 0, 1, 1]  # foreground where > 127


def test_grayscale_images_become_three_channels(cub):
    image = build(cub)[1]['inputs']
    assert image.shape == (3, 4, 4)
    assert (image == image[0]).all()


@pytest.mark.parametrize('lines', ['2 002.Auklet/Auklet_0002.jpg\n', '002.Auklet/Auklet_0002\n\n'])
def test_split_file_selects_images(cub, lines):
    (cub / 'split.txt').write_text(lines)
    dataset = build(cub, ann_file='split.txt')
    assert len(dataset) == 1 and infos(dataset)[0]['img_path'].endswith('Auklet_0002.jpg')
    assert infos(dataset)[0]['seg_map_path'].endswith('segmentations/002.Auklet/Auklet_0002.png')
    assert len(build(cub, ann_file='images.txt')) == 2  # CUB's own images.txt as it is


def test_clear_errors_name_the_file(cub):
    with pytest.raises(FileNotFoundError, match='split file .*nope.txt'):
        build(cub, ann_file='nope.txt')
    (cub / 'split.txt').write_text('001.Albatross/Albatross_0009\n')
    with pytest.raises(FileNotFoundError, match='Albatross_0009.jpg listed in .*split.txt'):
        build(cub, ann_file='split.txt')
    (cub / 'segmentations' / '002.Auklet' / 'Auklet_0002.png').unlink()
    with pytest.raises(FileNotFoundError, match='Auklet_0002.png.*missing'):
        build(cub)
    with pytest.raises(FileNotFoundError, match='image folder .*empty.images does not exist'):
        build(cub / 'empty')


def test_make_birds_dataset_tool(tmp_path):
    out = tmp_path / 'birds'
    result = run_tool(ROOT / 'tools' / 'make_birds_dataset.py', out, '--num', 6, '--seed', 3,
                      '--min-size', 48, '--max-size', 64, '--gray-fraction', 0.5)
    assert 'wrote 6 images' in result.stdout
    images = sorted((out / 'images').rglob('*.jpg'))
    assert len(images) == 6 and len({p.parent.name for p in images}) == 3  # 3 species folders
    grays = 0
    for image in images:
        mask = cv2.imread(str(out / 'segmentations' / image.relative_to(out / 'images')
                              .with_suffix('.png')), cv2.IMREAD_UNCHANGED)
        pixels = cv2.imread(str(image), cv2.IMREAD_UNCHANGED)
        assert mask.shape == pixels.shape[:2] and 48 <= min(mask.shape) <= max(mask.shape) <= 64
        assert (mask > 127).any() and (mask == 0).any()
        assert ((mask > 0) & (mask < 255)).any()  # soft edges, as CUB's
        grays += pixels.ndim == 2
    assert grays > 0
    assert len((out / 'images.txt').read_text().splitlines()) == 6
    assert len(build(out)) == 6
    bad = run_tool(ROOT / 'tools' / 'make_birds_dataset.py', out, '--num', 0, check=False)
    assert bad.returncode != 0 and '--num must be at least 1' in bad.stderr
