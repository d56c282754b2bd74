"""The Kaggle CSV: the exact rows for hand-made predictions, the Dice scorer, and the tools."""
import json

import numpy as np
import pytest
from PIL import Image

from conftest import ROOT, VOC_TINY_CONFIG, run_tool
from mmseg_custom.errors import UserError
from mmseg_custom.evaluation.kaggle_dice import read_submission, rle_dice, score_rows
from mmseg_custom.export.kaggle import classes_in_mask, image_rows, write_submission

# Two images, encoded by hand. Rows flatten the (20, H, W) stack of "seg == class" masks
# row-major, as the course template does, so class j's block starts at pixel j * H * W + 1.
# Image a (2x3): aeroplane (1) at (0, 1) and (0, 2), person (15) at (1, 1), a border (255).
SEG_A = np.array([[0, 1, 1],
                  [0, 15, 255]])
# Image b (1x2): tvmonitor (20) everywhere.
SEG_B = np.array([[20, 20]])
EXPECTED_CSV = ('Id,Predicted\n'
                'a_classification,1 1 15 1\n'    # classes 1 and 15 of 20
                'a_segmentation,2 2 89 1\n'      # class 1: pixels 2-3; class 15: 14*6 + 4 + 1
                'b_classification,20 1\n'
                'b_segmentation,39 2\n')         # class 20: 19*2 + 1, two pixels


def test_csv_for_two_images_matches_the_hand_written_one(tmp_path):
    rows = image_rows('a', classes_in_mask(SEG_A), SEG_A) + \
        image_rows('b', classes_in_mask(SEG_B), SEG_B)
    path = tmp_path / 'submission.csv'
    assert write_submission(rows, path) == 4
    assert path.read_bytes().decode() == EXPECTED_CSV
    assert not list(tmp_path.glob('*.partial'))


def test_an_image_without_objects_has_two_empty_rows():
    seg = np.zeros((4, 5), np.uint8)
    assert image_rows('c', classes_in_mask(seg), seg) == [('c_classification', ''),
                                                          ('c_segmentation', '')]


@pytest.mark.parametrize('predicted, truth, dice', [
    ('', '', 1.0), ('1 4', '', 0.0), ('', '3 2', 0.0), ('1 4', '1 4', 1.0),
    ('1 4', '3 4', 2 * 2 / 8),            # overlap 3-4
    ('1 2 10 5', '2 10', 2 * (1 + 2) / 17),  # overlaps: pixel 2, pixels 10-11
])
def test_rle_dice_on_known_runs(predicted, truth, dice):
    assert rle_dice(predicted, truth) == pytest.approx(dice)


def test_rle_dice_equals_the_dice_of_the_decoded_masks():
    from mmseg_custom.export.rle import rle_encode
    rng = np.random.default_rng(0)
    for _ in range(50):
        a, b = rng.uniform(size=(2, 7, 9)) < rng.uniform(0.05, 0.9, size=(2, 1, 1))
        expected = 2 * (a & b).sum() / (a.sum() + b.sum()) if a.sum() + b.sum() else 1.0
        assert rle_dice(rle_encode(a, 'C'), rle_encode(b, 'C')) == pytest.approx(expected)


def test_score_is_the_mean_over_rows_and_needs_every_ground_truth_row():
    truth = {'a_classification': '1 1', 'a_segmentation': '1 4'}
    score = score_rows({'a_classification': '1 1', 'a_segmentation': '3 4', 'x': '1 1'}, truth)
    assert (score.classification_dice, score.segmentation_dice) == (1.0, 0.5)
    assert score.dice == 0.75 and score.rows == 2
    with pytest.raises(UserError, match='a_segmentation'):
        score_rows({'a_classification': '1 1'}, truth)


@pytest.mark.parametrize('runs, reason', [
    ('5 2 1 2', 'overlap or are not in increasing order'),  # scored itself 0.5 before
    ('1 2 2 2', 'overlap or are not in increasing order'),
    ('a b', "whole numbers, got 'a'"),
    ('0 2', 'starts must be >= 1'),
    ('3 0', 'lengths >= 1'),
    ('1 2 3', 'odd number of values'),
])
def test_reading_refuses_a_malformed_run_naming_file_line_and_id(tmp_path, runs, reason):
    path = tmp_path / 'sub.csv'
    path.write_text(f'Id,Predicted\na_classification,1 1\na_segmentation,{runs}\n')
    with pytest.raises(UserError, match=f'sub.csv, line 3, Id a_segmentation: .*{reason}'):
        read_submission(path)
    with pytest.raises(UserError, match=reason):
        rle_dice(runs, runs)


def test_scoring_refuses_a_ground_truth_of_other_ids():
    with pytest.raises(UserError, match='must end in _classification or _segmentation, got 1_0'):
        score_rows({'1_0': '1 2'}, {'1_0': '1 2'})


def test_reading_refuses_a_wrong_header_naming_the_file(tmp_path):
    path = tmp_path / 'bad.csv'
    path.write_text('ImageId,EncodedPixels\nx,1 1\n')
    with pytest.raises(UserError, match='bad.csv.*Id,Predicted'):
        read_submission(path)


def test_export_then_score_against_ground_truth_from_the_masks(voc_checkpoint, voc_devkit,
                                                               tmp_path):
    images = tmp_path / 'images'
    images.mkdir()
    ids = (voc_devkit / 'ImageSets/Segmentation/val.txt').read_text().split()
    for i in ids:
        (images / f'{i}.jpg').write_bytes((voc_devkit / 'JPEGImages' / f'{i}.jpg').read_bytes())
    (images / 'notes.txt').write_text('not an image')
    submission, truth = tmp_path / 'submission.csv', tmp_path / 'truth.csv'
    run_tool(ROOT / 'tools' / 'export_kaggle.py', VOC_TINY_CONFIG, voc_checkpoint, images,
             '--out', submission)
    rows = read_submission(submission)
    assert list(rows) == [f'{i}_{kind}' for i in sorted(ids)
                          for kind in ('classification', 'segmentation')]
    run_tool(ROOT / 'tools' / 'kaggle_ground_truth.py', voc_devkit / 'SegmentationClass',
             '--ids', voc_devkit / 'ImageSets/Segmentation/val.txt', '--out', truth)
    true_rows = read_submission(truth)
    mask = np.array(Image.open(voc_devkit / 'SegmentationClass' / f'{ids[0]}.png'))
    assert true_rows[f'{ids[0]}_classification'] == image_rows('', classes_in_mask(mask),
                                                               mask)[0][1]
    result = run_tool(ROOT / 'tools' / 'score_kaggle.py', submission, truth, '--json')
    score = json.loads(result.stdout)
    expected = score_rows(rows, true_rows)
    assert score['dice'] == pytest.approx(expected.dice)
    assert score['rows'] == 2 * len(ids)
    # a model trained for 30 iterations finds the objects: far better than an empty guess
    empty = score_rows({k: '' for k in true_rows}, true_rows)
    assert score['segmentation_dice'] > empty.segmentation_dice + 0.3
    # scoring the ground truth against itself is perfect
    assert json.loads(run_tool(ROOT / 'tools' / 'score_kaggle.py', truth, truth,
                               '--json').stdout)['dice'] == 1.0


def test_tools_explain_bad_inputs(tmp_path, voc_checkpoint):
    missing = run_tool(ROOT / 'tools' / 'score_kaggle.py', tmp_path / 'nope.csv',
                       tmp_path / 'nope.csv', check=False)
    assert missing.returncode != 0 and 'nope.csv does not exist' in missing.stderr
    empty = tmp_path / 'empty'
    empty.mkdir()
    result = run_tool(ROOT / 'tools' / 'export_kaggle.py', VOC_TINY_CONFIG, voc_checkpoint,
                      empty, '--out', tmp_path / 's.csv', check=False)
    assert result.returncode != 0 and f'no images in {empty}' in result.stderr
    assert not (tmp_path / 's.csv').exists()
