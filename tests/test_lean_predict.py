"""The plain inference path: mmseg's predictions with less work, images read ahead."""
import copy
import threading

import numpy as np
import torch
from mmengine.dataset import pseudo_collate

from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
from mmseg_custom.image_io import read_bgr_uint8
from mmseg_custom.inference import build_test_pipeline, load_model, read_ahead
from mmseg_custom.models.lean_predict import labels_of, predict_batch
from mmseg_custom.shipped_models import LOGO_CHECKPOINT


def test_lean_predictions_equal_mmseg_test_step(tmp_path):
    """The shipped logo model on two test images of a size that needs padding."""
    model = load_model(None, LOGO_CHECKPOINT)
    photo = read_bgr_uint8(make_logo_dataset(tmp_path, 1, seed=7, progress=False)
                           / 'img' / '00000.jpg')
    pipeline = build_test_pipeline(model.cfg)
    data = pseudo_collate([pipeline(dict(img=np.ascontiguousarray(crop), img_path=name))
                           for crop, name in ((photo[:90, :150], 'a'), (photo[-90:, -150:], 'b'))])
    with torch.inference_mode():
        lean = predict_batch(model, copy.deepcopy(data))
        reference = model.test_step(copy.deepcopy(data))
    for ours, theirs in zip(lean, reference):
        assert ours.img_path == theirs.img_path
        assert ours.seg_logits.data.shape == (2, 90, 150)
        assert torch.equal(ours.seg_logits.data, theirs.seg_logits.data)
        assert ours.pred_sem_seg.data.dtype == theirs.pred_sem_seg.data.dtype
        assert torch.equal(ours.pred_sem_seg.data, theirs.pred_sem_seg.data)


def test_labels_agree_with_argmax_and_the_threshold():
    two = torch.tensor([[[1.0, 2.0, 3.0]], [[2.0, 2.0, 1.0]]])  # a tie in the middle
    assert torch.equal(labels_of(two), two.argmax(0, keepdim=True))
    three = torch.randn(3, 4, 5, generator=torch.Generator().manual_seed(0))
    assert torch.equal(labels_of(three), three.argmax(0, keepdim=True))
    one = torch.tensor([[[0.2, 0.3, 0.9]]])
    assert labels_of(one, threshold=0.3).tolist() == [[[0.0, 0.0, 1.0]]]


class _Recorded(list):
    """A dataset whose reads are recorded; item 2 waits until the test lets it finish."""

    def __init__(self, size):
        super().__init__(range(size))
        self.read, self.release = [], threading.Event()

    def __getitem__(self, index):
        if index == 2:
            self.release.wait(timeout=10)
        self.read.append(index)
        return index * 10


def test_reader_keeps_order_reads_a_few_ahead_and_stops_when_closed():
    dataset = _Recorded(100)
    items = read_ahead(dataset, depth=3)
    assert next(items) == 0
    dataset.release.set()
    assert [next(items) for _ in range(4)] == [10, 20, 30, 40]
    items.close()
    assert len(dataset.read) <= 5 + 3  # what was consumed and at most `depth` more
    assert list(read_ahead(_Recorded(3))) == [0, 10, 20]
    assert list(read_ahead(_Recorded(0))) == []
