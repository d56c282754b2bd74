"""Test-time augmentation whose merged prediction keeps the averaged probabilities, with all
views of a batch in one forward pass.

MMSegmentation's `SegTTAModel` runs each view through the segmentor's whole predict and
post-processing, then averages the views' probabilities to pick the labels but hands back only
`pred_sem_seg`: the merged sample's `seg_logits` are those of its last view. Here the views
(the image, mirrored, upside down, ...) that share a size are stacked and go through the
data preprocessor and the network once; each view's logits are cropped, flipped back and
turned into probabilities, and the mean is taken once. Steps after it that need probabilities
(the logo fit, `api.predict`) get the log of the averaged probabilities as `seg_logits`, so a
softmax (or, for one channel, a sigmoid) of them gives back the average.
"""
import warnings
from collections import defaultdict
from typing import Dict, List, Tuple

import torch
from mmengine.structures import PixelData
from mmseg.models.segmentors import SegTTAModel
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import SampleList

from ..lean_predict import has_standard_predict, labels_of, logits_at_image_size

_EPS = 1e-6


def quiet_merge(merge, data_samples_list: List[SampleList]) -> SampleList:
    """`merge(data_samples_list)` without mmengine's UserWarning for every image: mmseg's merge
    stores 2-D label maps, which PixelData turns into (1, H, W), as it should, with a warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', message='The shape of value will convert')
        return merge(data_samples_list)


@MODELS.register_module()
class MeanProbabilityTTAModel(SegTTAModel):
    """`SegTTAModel` whose outputs carry `seg_logits` = log of the views' mean probability,
    computed from one batched forward pass per input size."""

    def test_step(self, data: dict) -> SampleList:
        """`data` holds, per view, the batch's inputs and samples (the TTA pipeline's output,
        collated); a segmentor with its own `predict` runs view by view instead."""
        if not has_standard_predict(self.module):
            return super().test_step(data)
        inputs, samples = data['inputs'], data['data_samples']
        num_views, num_images = len(inputs), len(inputs[0])
        by_size: Dict[tuple, List[Tuple[int, int]]] = defaultdict(list)
        for view in range(num_views):
            for image in range(num_images):
                by_size[tuple(inputs[view][image].shape)].append((view, image))
        totals: List = [None] * num_images
        for members in by_size.values():
            batch = self.module.data_preprocessor(
                dict(inputs=[inputs[v][i] for v, i in members],
                     data_samples=[samples[v][i] for v, i in members]), False)
            metas = [sample.metainfo for sample in batch['data_samples']]
            logits = self.module.inference(batch['inputs'], metas)
            for row, ((_, image), meta) in enumerate(zip(members, metas)):
                probabilities = self.view_probabilities(logits[row:row + 1], meta)
                totals[image] = probabilities if totals[image] is None \
                    else totals[image].add_(probabilities)
        return [self.merged_prediction(total.div_(num_views), samples[0][image])
                for image, total in enumerate(totals)]

    def view_probabilities(self, logits: torch.Tensor, meta: dict) -> torch.Tensor:
        """(C, H, W) probabilities of one view, lined up with the original image."""
        logits = logits_at_image_size(logits, meta, self.module.align_corners)
        return logits.softmax(dim=0) if logits.shape[0] > 1 else logits.sigmoid()

    def merged_prediction(self, mean: torch.Tensor, first_view: SegDataSample) -> SegDataSample:
        """The image's sample with labels and log mean probabilities from `mean` (and the
        ground truth, when the view has it: tools/test.py scores the merged sample)."""
        result = SegDataSample(metainfo=first_view.metainfo)
        if 'gt_sem_seg' in first_view:
            result.gt_sem_seg = first_view.gt_sem_seg
        result.pred_sem_seg = PixelData(data=labels_of(mean, self.module.decode_head.threshold))
        result.seg_logits = PixelData(data=self.log_of(mean))
        return result

    def log_of(self, mean: torch.Tensor) -> torch.Tensor:
        """Logits whose softmax (sigmoid for one channel) is `mean` (overwritten)."""
        if mean.shape[0] > 1:
            return mean.clamp_(min=_EPS).log_()
        return torch.logit(mean, eps=_EPS)

    def merge_preds(self, data_samples_list: List[SampleList]) -> SampleList:
        """The merge of views predicted one by one (mmseg's `SegTTAModel` path)."""
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
