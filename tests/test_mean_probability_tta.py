"""MeanProbabilityTTAModel hands on the views' mean probability, not the last view's logits."""
import torch
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

from mmseg_custom.models import MeanProbabilityTTAModel


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
