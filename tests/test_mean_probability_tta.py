"""MeanProbabilityTTAModel hands on the views' mean probability, not the last view's logits,
and runs all views through the network in one batch."""
import copy

import numpy as np
import torch
from mmengine.dataset import pseudo_collate
from mmengine.model import BaseTTAModel
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
from mmseg_custom.image_io import read_bgr_uint8
from mmseg_custom.inference import build_test_pipeline, load_model, wrap_for_tta
from mmseg_custom.models import MeanProbabilityTTAModel
from mmseg_custom.shipped_models import LOGO_CHECKPOINT


class _Head(torch.nn.Module):
    threshold = 0.5


class _Segmentor(torch.nn.Module):
    """What merge_preds reads of a segmentor: out_channels and the head's threshold."""

    def __init__(self, out_channels):
        super().__init__()
        self.out_channels = out_channels
        self.decode_head = _Head()

    def test_step(self, data):  # BaseTTAModel asks for one; merge_preds never calls it
        raise NotImplementedError


def view(logits):
    sample = SegDataSample(metainfo=dict(img_path='a.jpg'))
    sample.seg_logits = PixelData(data=torch.tensor(logits, dtype=torch.float32))
    return sample


def test_two_channel_views_average_their_softmax():
    first = [[[2.0, 0.0]], [[0.0, 0.0]]]   # (C=2, H=1, W=2)
    second = [[[-1.0, 0.0]], [[1.0, 3.0]]]
    merged = MeanProbabilityTTAModel(module=_Segmentor(2)).merge_preds([[view(first),
                                                                         view(second)]])[0]
    expected = (torch.tensor(first).softmax(0) + torch.tensor(second).softmax(0)) / 2
    assert torch.allclose(merged.seg_logits.data.softmax(0), expected, atol=1e-5)
    assert merged.pred_sem_seg.data[0].tolist() == [[0, 1]]


def test_one_channel_views_average_their_sigmoid():
    first, second = [[[4.0, -4.0]]], [[[-4.0, -2.0]]]
    merged = MeanProbabilityTTAModel(module=_Segmentor(1)).merge_preds([[view(first),
                                                                         view(second)]])[0]
    expected = (torch.tensor(first).sigmoid() + torch.tensor(second).sigmoid()) / 2
    assert torch.allclose(merged.seg_logits.data.sigmoid(), expected, atol=1e-5)


def inference_calls(monkeypatch, segmentor):
    """The batch size of every forward pass `segmentor` runs from now on."""
    calls = []
    inference = segmentor.inference

    def counted(inputs, metas):
        calls.append(inputs.shape[0])
        return inference(inputs, metas)

    monkeypatch.setattr(segmentor, 'inference', counted)
    return calls


def test_the_views_of_a_batch_go_through_the_network_once_and_merge_as_one_by_one(
        tmp_path, monkeypatch):
    """The shipped logo model's TTA (the image, mirrored, upside down) on two test images of
    a size that needs padding: one forward pass of 2 x 3 views, and the probabilities and
    labels of running and merging the views one by one (mmseg's SegTTAModel path)."""
    model = load_model(None, LOGO_CHECKPOINT)
    tta = wrap_for_tta(model)
    photo = read_bgr_uint8(make_logo_dataset(tmp_path, 1, seed=7, progress=False)
                           / 'img' / '00000.jpg')
    pipeline = build_test_pipeline(model.cfg, tta=True)
    data = pseudo_collate([pipeline(dict(img=np.ascontiguousarray(crop), img_path=name))
                           for crop, name in ((photo[:90, :150], 'a'), (photo[-90:, -150:], 'b'))])
    calls = inference_calls(monkeypatch, model)
    with torch.inference_mode():
        batched = tta.test_step(copy.deepcopy(data))
        assert calls == [6]
        one_by_one = BaseTTAModel.test_step(tta, copy.deepcopy(data))
    assert calls == [6, 2, 2, 2]
    for merged, reference in zip(batched, one_by_one):
        assert merged.img_path == reference.img_path
        probabilities = merged.seg_logits.data.softmax(0)
        assert probabilities.shape == (2, 90, 150)
        assert (probabilities - reference.seg_logits.data.softmax(0)).abs().max() < 1e-5
        assert torch.equal(merged.pred_sem_seg.data, reference.pred_sem_seg.data)
