"""Test-time augmentation for data with left/right classes (faces, human parts).

MMSegmentation's `SegTTAModel` flips the logits of a horizontally flipped view back in space,
but a flipped face's *left* eye is the original's *right* eye: its class channels must also
trade places before the views are averaged, or left and right blur into each other.
"""
from typing import List, Sequence, Tuple

import torch
from mmseg.registry import MODELS
from mmseg.utils import SampleList

from mmseg_custom.errors import OptionError

from .mean_probability_tta import MeanProbabilityTTAModel, quiet_merge


def swap_channels(logits, pairs: Sequence[Tuple[int, int]]):
    """A copy of (C, H, W) logits with the channels of every (a, b) pair exchanged."""
    order = list(range(logits.shape[0]))
    for a, b in pairs:
        order[a], order[b] = b, a
    return logits[order]


def mirrored_left_right(meta: dict) -> bool:
    return bool(meta.get('flip')) and meta.get('flip_direction') == 'horizontal'


@MODELS.register_module()
class FlipSwapSegTTAModel(MeanProbabilityTTAModel):
    """Flip TTA (`MeanProbabilityTTAModel`) that swaps the `swap_pairs` channels of
    horizontally flipped views back before averaging."""

    def __init__(self, swap_pairs: Sequence[Sequence[int]] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.swap_pairs = [tuple(pair) for pair in swap_pairs]
        if any(len(pair) != 2 for pair in self.swap_pairs):
            raise OptionError(f'swap_pairs must be pairs of class indices, got {swap_pairs}')

    def view_probabilities(self, logits: torch.Tensor, meta: dict) -> torch.Tensor:
        probabilities = super().view_probabilities(logits, meta)
        if mirrored_left_right(meta):
            return swap_channels(probabilities, self.swap_pairs)
        return probabilities

    def merge_preds(self, data_samples_list: List[SampleList]) -> SampleList:
        for data_samples in data_samples_list:
            for sample in data_samples:
                if mirrored_left_right(sample.metainfo):
                    sample.seg_logits.data = swap_channels(sample.seg_logits.data,
                                                           self.swap_pairs)
        return quiet_merge(super().merge_preds, data_samples_list)
