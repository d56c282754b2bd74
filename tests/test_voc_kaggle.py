"""VOC 2009 as the Kaggle competition ships it: the dataset, the exporter on test/, the ground
truth from train/, and the rows compared byte for byte with the course template's rule."""
import csv
import json

import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope

from conftest import ROOT, load_tool, run_tool
from mmseg_custom.data.voc_synthetic import make_voc_kaggle
from mmseg_custom.datasets.voc2009_kaggle import (VOC2009KaggleDataset, read_competition_csv,
                                                  seeded_split)
from mmseg_custom.errors import UserError
from mmseg_custom.evaluation.kaggle_dice import read_submission, score_rows
from mmseg_custom.export.kaggle import VOC_CLASSES, in_column_order
from mmseg_custom.image_io import UnreadableImageError, read_bgr_uint8

KAGGLE_CONFIG = ROOT / 'configs' / 'voc2009' / 'unet_mobilenetv2_tiny_kaggle_cpu.py'
LOADERS = [dict(type='LoadNpyImageFromFile'), dict(type='LoadNpyAnnotations')]


# --- the course template's rule, re-implemented from its description (PASCAL VOC 2009, H02A5a
# group assignment 2, issue 17) ---
def template_rle(img: np.ndarray) -> str:
    """RLE of img.flatten() (row-major), 1-based `start length` pairs."""
    pixels = np.concatenate([[0], img.flatten(), [0]])
    runs = np.where(pixels[1:] != pixels[:-1])[0] + 1
    runs[1::2] -= runs[::2]
    return ' '.join(str(x) for x in runs)


def template_submission(test_ids, labels, segs) -> str:
    """submit_df_to_competition: for every test row in CSV order, the classification row (RLE of
    the 20-vector) and the segmentation row (RLE of [seg == j + 1 for j in range(20)])."""
    lines = ['Id,Predicted']
    for idx in test_ids:
        lines.append(f'{idx}_classification,{template_rle(np.asarray(labels[idx]))}')
        stack = np.array([segs[idx] == j + 1 for j in range(20)])
        lines.append(f'{idx}_segmentation,{template_rle(stack)}')
    return '\n'.join(lines) + '\n'


def tool_main(name):
    """The `main(argv)` of tools/<name>.py, to call in process."""
    return load_tool(ROOT / 'tools' / f'{name}.py').main


def csv_ids(path):
    with open(path) as handle:
        return [row['Id'] for row in csv.DictReader(handle)]


def build_dataset(root, split, **kwargs):
    init_default_scope('mmseg')
    return VOC2009KaggleDataset(data_root=str(root), split=split, pipeline=LOADERS, **kwargs)


def test_generator_writes_the_competition_layout(voc_kaggle):
    train_ids, test_ids = csv_ids(voc_kaggle / 'train/train_set.csv'), \
        csv_ids(voc_kaggle / 'test/test_set.csv')
    assert len(train_ids) == 20 and len(test_ids) == 5
    assert train_ids != sorted(train_ids, key=int)  # Ids not in order
    sizes = set()
    for i in train_ids:
        image = np.load(voc_kaggle / f'train/img/train_{i}.npy')
        seg = np.load(voc_kaggle / f'train/seg/train_{i}.npy')
        assert image.dtype == np.uint8 and image.shape[2] == 3 and seg.shape == image.shape[:2]
        sizes.add(image.shape[:2])
    assert any(h % 2 or w % 2 for h, w in sizes) and len(sizes) > 5
    table = read_competition_csv(voc_kaggle / 'test/test_set.csv')
    assert (table.labels == -1).all() and table.columns == VOC_CLASSES


def test_dataset_splits_train_and_loads_rgb_as_bgr(voc_kaggle):
    train, val = build_dataset(voc_kaggle, 'train'), build_dataset(voc_kaggle, 'val')
    train_ids = {d['image_id'] for d in train.load_data_list()}
    val_ids = {d['image_id'] for d in val.load_data_list()}
    assert len(val_ids) == 4 and not train_ids & val_ids
    assert train_ids | val_ids == set(csv_ids(voc_kaggle / 'train/train_set.csv'))
    again = build_dataset(voc_kaggle, 'val')
    assert {d['image_id'] for d in again.load_data_list()} == val_ids  # seeded
    other = build_dataset(voc_kaggle, 'val', split_seed=1)
    assert {d['image_id'] for d in other.load_data_list()} != val_ids
    sample = val.prepare_data(0)
    image_id = val.get_data_info(0)['image_id']
    rgb = np.load(voc_kaggle / f'train/img/train_{image_id}.npy')
    # what LoadImageFromFile gives for the same picture saved as a file: BGR
    assert np.array_equal(sample['img'], rgb[..., ::-1])
    assert np.array_equal(sample['gt_seg_map'],
                          np.load(voc_kaggle / f'train/seg/train_{image_id}.npy'))


def test_npy_images_are_read_as_bgr_by_the_one_image_reader(voc_kaggle, tmp_path):
    """The exporter predicts through `inference.predict_files`, whose reader takes .npy too."""
    path = voc_kaggle / f'test/img/test_{csv_ids(voc_kaggle / "test/test_set.csv")[0]}.npy'
    assert np.array_equal(read_bgr_uint8(path), np.load(path)[..., ::-1])
    bad = tmp_path / 'bad.npy'
    np.save(bad, np.zeros((4, 4), np.uint8))
    with pytest.raises(UnreadableImageError, match=r'bad\.npy has shape \(4, 4\)'):
        read_bgr_uint8(bad)


def test_columns_in_another_order_are_mapped_to_voc_order(voc_kaggle, tmp_path):
    shuffled = tuple(reversed(VOC_CLASSES))  # label k is stored as 21 - k
    other = make_voc_kaggle(tmp_path / 'shuffled', 20, 5, seed=5, columns=shuffled)
    image_id = csv_ids(other / 'train/train_set.csv')[0]
    stored = np.load(other / f'train/seg/train_{image_id}.npy')
    loaded = build_dataset(other, 'all').prepare_data(0)['gt_seg_map']
    reference = build_dataset(voc_kaggle, 'all').prepare_data(0)['gt_seg_map']
    assert not np.array_equal(stored, reference)  # the file holds other label values
    assert np.array_equal(loaded, reference)
    # and back: a VOC-order prediction in the CSV's order is the stored mask again
    table = read_competition_csv(other / 'train/train_set.csv')
    present, seg = in_column_order(np.array(table.labels[0]) * 0 + 1, reference, table.to_voc)
    assert np.array_equal(seg, stored)
    voc_present = np.zeros(20, int)
    voc_present[VOC_CLASSES.index('cat')] = 1
    csv_present, _ = in_column_order(voc_present, reference, table.to_voc)
    assert csv_present[shuffled.index('cat')] == 1 and csv_present.sum() == 1


def test_a_label_outside_the_classes_is_refused_naming_file_and_value(tmp_path):
    root = make_voc_kaggle(tmp_path / 'bad', 4, 1, seed=2)
    image_id = csv_ids(root / 'train/train_set.csv')[1]
    path = root / f'train/seg/train_{image_id}.npy'
    seg = np.load(path)
    seg[0, 0] = 50
    np.save(path, seg)
    dataset = build_dataset(root, 'all')
    with pytest.raises(UserError, match=f'{path}.*value 50'):
        for index in range(len(dataset)):
            dataset.prepare_data(index)
    main = tool_main('kaggle_ground_truth')
    out = tmp_path / 'truth.csv'
    with pytest.raises(SystemExit, match=f'{path}.*value 50'):
        main([str(root / 'train'), '--out', str(out)])
    assert not out.exists() and not list(tmp_path.glob('.partial*'))


def test_a_png_mask_with_value_50_is_refused_too(tmp_path):
    from PIL import Image

    main = tool_main('kaggle_ground_truth')
    masks = tmp_path / 'masks'
    masks.mkdir()
    Image.fromarray(np.array([[0, 1], [255, 50]], np.uint8)).save(masks / 'x.png')
    with pytest.raises(SystemExit, match='x.png.*value 50'):
        main([str(masks), '--out', str(tmp_path / 'truth.csv')])
    assert not (tmp_path / 'truth.csv').exists()


def test_ids_that_read_the_same_are_refused_naming_both(tmp_path):
    (tmp_path / 'train_set.csv').write_text('Id,' + ','.join(VOC_CLASSES) + '\n'
                                            + '7,' + ','.join(['0'] * 20) + '\n'
                                            + '007,' + ','.join(['0'] * 20) + '\n')
    with pytest.raises(UserError, match="'7'.*'007'|'007'.*'7'"):
        read_competition_csv(tmp_path / 'train_set.csv')


def test_ground_truth_of_the_val_split_follows_the_template(voc_kaggle, tmp_path):
    main = tool_main('kaggle_ground_truth')
    out = tmp_path / 'val_truth.csv'
    assert main([str(voc_kaggle / 'train'), '--split', 'val', '--out', str(out)]) == 0
    table = read_competition_csv(voc_kaggle / 'train/train_set.csv')
    val_ids = seeded_split(table.ids, 'val', 0.2, 0)
    labels = dict(zip(table.ids, table.labels))
    segs = {i: np.load(voc_kaggle / f'train/seg/train_{i}.npy') for i in val_ids}
    assert out.read_bytes().decode() == template_submission(val_ids, labels, segs)


@pytest.fixture(scope='module')
def kaggle_checkpoint(voc_kaggle, tmp_path_factory):
    """unet_mobilenetv2_tiny_kaggle_cpu.py trained for its 30 iterations on the competition
    folder."""
    work_dir = tmp_path_factory.mktemp('voc_kaggle_run')
    run_tool(ROOT / 'tools' / 'train.py', KAGGLE_CONFIG, '--work-dir', work_dir,
             '--cfg-options', f'data_root={voc_kaggle}')
    checkpoint = work_dir / 'iter_30.pth'
    assert checkpoint.is_file()
    return checkpoint


def test_export_of_test_folder_equals_the_template_byte_for_byte(voc_kaggle, kaggle_checkpoint,
                                                                 tmp_path):
    """The rows for test/ equal what the template writes from the same model's predictions,
    made here through the ordinary inference path on the images saved as PNG files (BGR)."""
    from mmseg_custom.inference import load_model, predict_files
    main = tool_main('export_kaggle')
    out = tmp_path / 'submission.csv'
    assert main([str(KAGGLE_CONFIG), str(kaggle_checkpoint), str(voc_kaggle / 'test'),
                 '--out', str(out)]) == 0
    test_ids = csv_ids(voc_kaggle / 'test/test_set.csv')
    pngs = tmp_path / 'png'
    pngs.mkdir()
    for i in test_ids:
        rgb = np.load(voc_kaggle / f'test/img/test_{i}.npy')
        cv2.imwrite(str(pngs / f'{i}.png'), rgb[..., ::-1])
    model = load_model(KAGGLE_CONFIG, kaggle_checkpoint)
    labels, segs = {}, {}
    for result in predict_files(model, sorted(pngs.iterdir()), 1, 0):
        idx = result.img_path.split('/')[-1][:-4]
        labels[idx] = (result.pred_cls_scores.numpy() >= 0.5).astype(np.uint8)
        segs[idx] = result.pred_sem_seg.data[0].numpy()
    expected = template_submission(test_ids, labels, segs)
    assert out.read_bytes().decode() == expected
    assert any(segs[i].any() for i in test_ids)  # the rows are not all empty
    # the same model scores its own validation split through the tools
    val_sub, val_truth = tmp_path / 'val_sub.csv', tmp_path / 'val_truth.csv'
    assert main([str(KAGGLE_CONFIG), str(kaggle_checkpoint), str(voc_kaggle / 'train'),
                 '--split', 'val', '--out', str(val_sub)]) == 0
    run_tool(ROOT / 'tools' / 'kaggle_ground_truth.py', voc_kaggle / 'train', '--split', 'val',
             '--out', val_truth)
    score = json.loads(run_tool(ROOT / 'tools' / 'score_kaggle.py', val_sub, val_truth,
                                '--json').stdout)
    truth = read_submission(val_truth)
    empty = score_rows({k: '' for k in truth}, truth)
    assert score['rows'] == len(truth) == 8
    assert score['segmentation_dice'] > empty.segmentation_dice + 0.3


def test_export_to_an_existing_folder_is_one_line_and_leaves_nothing(voc_kaggle,
                                                                     kaggle_checkpoint,
                                                                     tmp_path):
    main = tool_main('export_kaggle')
    folder = tmp_path / 'out'
    folder.mkdir()
    with pytest.raises(SystemExit, match=f'{folder} is a folder'):
        main([str(KAGGLE_CONFIG), str(kaggle_checkpoint), str(voc_kaggle / 'test'),
              '--out', str(folder)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ['out']
    assert not list(folder.iterdir())


def test_two_images_giving_one_row_id_are_refused_naming_both(kaggle_checkpoint, tmp_path):
    main = tool_main('export_kaggle')
    images = tmp_path / 'images'
    images.mkdir()
    for name in ('a.png', 'a.jpg'):
        cv2.imwrite(str(images / name), np.full((20, 30, 3), 100, np.uint8))
    with pytest.raises(SystemExit) as raised:
        main([str(KAGGLE_CONFIG), str(kaggle_checkpoint), str(images),
              '--out', str(tmp_path / 's.csv')])
    message = str(raised.value.code)
    assert str(images / 'a.png') in message and str(images / 'a.jpg') in message
    assert not (tmp_path / 's.csv').exists()


def test_submission_gets_the_umask_mode(tmp_path):
    import os

    from mmseg_custom.export.kaggle import write_submission
    old = os.umask(0o022)
    try:
        write_submission([('a_classification', '1 1')], tmp_path / 's.csv')
    finally:
        os.umask(old)
    assert (tmp_path / 's.csv').stat().st_mode & 0o777 == 0o644
