"""Binary scores and the registered metric on masks whose answer is known."""
import numpy as np
import pytest
import torch
from mmseg.structures import SegDataSample
from mmengine.structures import PixelData

from mmseg_custom.evaluation import BinaryMetric
from mmseg_custom.evaluation.binary_scores import Counts, summarize


def test_counts_and_iou():
    pred = np.array([[1, 1, 0, 0]], bool)
    truth = np.array([[0, 1, 1, 0]], bool)
    counts = Counts.of(pred, truth)
    assert counts == Counts(tp=1, fp=1, fn=1, tn=1)
    assert counts.iou == pytest.approx(1 / 3)
    assert Counts.of(np.zeros(3, bool), np.zeros(3, bool)).iou == 1.0


def test_mean_per_image_differs_from_pooled():
    big = Counts(tp=90, fp=10, fn=0, tn=0)      # IoU 0.9
    small = Counts(tp=0, fp=0, fn=10, tn=90)    # IoU 0.0
    scores = summarize([big, small])
    assert scores['image_iou'] == pytest.approx(0.45)
    assert scores['iou'] == pytest.approx(90 / 110)
    assert scores['precision'] == pytest.approx(0.9)
    assert scores['recall'] == pytest.approx(0.9)
    assert scores['f1'] == pytest.approx(0.9)
    assert scores['accuracy'] == pytest.approx(180 / 200)


def test_a_model_that_predicts_nothing_has_precision_0():
    scores = summarize([Counts(tp=0, fp=0, fn=10, tn=90), Counts(tp=0, fp=0, fn=0, tn=100)])
    assert scores['precision'] == 0.0 and scores['recall'] == 0.0 and scores['f1'] == 0.0
    assert scores['iou'] == 0.0 and scores['image_iou'] == pytest.approx(0.5)
    # nothing to find and nothing found: perfect, as the IoU of two empty masks
    empty = summarize([Counts(tp=0, fp=0, fn=0, tn=100)])
    assert empty['precision'] == 1.0 and empty['recall'] == 1.0 and empty['iou'] == 1.0


def test_shape_mismatch_is_refused():
    with pytest.raises(ValueError, match='shape'):
        Counts.of(np.zeros((2, 2)), np.zeros((2, 3)))


def sample(pred, truth, name='x.jpg'):
    s = SegDataSample(metainfo=dict(img_path=name))
    s.pred_sem_seg = PixelData(data=torch.tensor(pred)[None])
    s.gt_sem_seg = PixelData(data=torch.tensor(truth)[None])
    return s.to_dict()


def test_metric_ignores_255_and_writes_masks(tmp_path):
    metric = BinaryMetric(output_dir=str(tmp_path))
    pred = np.array([[1, 1], [0, 0]])
    truth = np.array([[1, 255], [1, 0]])
    metric.process({}, [sample(pred, truth)])
    scores = metric.compute_metrics(metric.results)
    # valid pixels: (1,1)->tp, (0,1)->fn, (0,0)->tn: IoU 1/2
    assert scores['image_iou'] == 50.0 and scores['iou'] == 50.0
    import cv2
    written = cv2.imread(str(tmp_path / 'x.png'), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(written, np.array([[255, 255], [0, 0]], np.uint8))
