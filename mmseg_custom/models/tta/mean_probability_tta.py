"""Test-time augmentation whose merged prediction keeps the averaged probabilities.

MMSegmentation's `SegTTAModel` averages the views' probabilities to pick the labels but
hands back only `pred_sem_seg`: the merged sample's `seg_logits` are those of its last view.
Steps after it that need probabilities (the logo fit, `api.predict`) get here the log of the
averaged probabilities as `seg_logits`, so a softmax (or, for one channel, a sigmoid) of them
gives back the average.
"""
import warnings
from typing import List

import torch
from mmengine.structures import PixelData
from mmseg.models.segmentors import SegTTAModel
from mmseg.registry import MODELS
from mmseg.utils import SampleList

_EPS = 1e-6


def quiet_merge(merge, data_samples_list: List[SampleList]) -> SampleList:
    """`merge(data_samples_list)` without mmengine's UserWarning for every image: mmseg's merge
    stores 2-D label maps, which PixelData turns into (1, H, W), as it should, with a warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', message='The shape of value will convert')
        return merge(data_samples_list)


@MODELS.register_module()
class MeanProbabilityTTAModel(SegTTAModel):
    """`SegTTAModel` whose outputs carry `seg_logits` = log of the views' mean probability."""

    def merge_preds(self, data_samples_list: List[SampleList]) -> SampleList:
        merged = quiet_merge(super().merge_preds, data_samples_list)
        for views, sample in zip(data_samples_list, merged):
            sample.set_data(dict(seg_logits=PixelData(data=self.mean_logits(views))))
        return merged

    def mean_logits(self, views: SampleList) -> torch.Tensor:
        logits = [view.seg_logits.data for view in views]
        if self.module.out_channels > 1:
            mean = torch.stack([x.softmax(dim=0) for x in logits]).mean(0)
            return mean.clamp(min=_EPS).log()
        mean = torch.stack([x.sigmoid() for x in logits]).mean(0)
        return torch.logit(mean, eps=_EPS)
