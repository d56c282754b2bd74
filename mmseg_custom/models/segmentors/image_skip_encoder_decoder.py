"""An encoder-decoder whose heads also see the input image at full resolution."""
from typing import List

import torch
from mmseg.models.segmentors import EncoderDecoder
from mmseg.registry import MODELS


@MODELS.register_module()
class ImageSkipEncoderDecoder(EncoderDecoder):
    """`EncoderDecoder` that puts the (normalized) input image in front of the backbone levels.

    Heads then count the image as index 0 and the backbone's levels from 1 (`in_index`), so a
    head such as `RefinedUNetHead` can work at the input's resolution. Backbone weights and
    their names are unchanged.
    """

    def extract_feat(self, inputs: torch.Tensor) -> List[torch.Tensor]:
        return [inputs, *super().extract_feat(inputs)]
