"""From a segmentor's batched logits to each image's prediction, with no work the result
does not need.

MMSegmentation's `postprocess_result` crops the padding, undoes a flip and resizes to the
image's size, then takes the argmax. Here the resize is skipped where the sizes already agree
(bilinear at scale 1 returns its input), and two classes are told apart by one comparison
instead of an argmax over the channel axis; the result is the same.
"""
from typing import List

import torch
from mmengine.structures import PixelData
from mmseg.models.segmentors import EncoderDecoder
from mmseg.models.utils import resize
from mmseg.utils import SampleList


def logits_at_image_size(logits: torch.Tensor, meta: dict, align_corners: bool) -> torch.Tensor:
    """(C, H, W) logits at the image's original size, from one (1, C, Hp, Wp) row of a
    batch that was padded, possibly flipped and resized on the way in."""
    _, _, height, width = logits.shape
    left, right, top, bottom = meta.get('img_padding_size',
                                        meta.get('padding_size', [0, 0, 0, 0]))
    logits = logits[:, :, top:height - bottom, left:width - right]
    if meta.get('flip'):
        logits = logits.flip(dims=(3,) if meta['flip_direction'] == 'horizontal' else (2,))
    if tuple(logits.shape[2:]) != tuple(meta['ori_shape'][:2]):
        logits = resize(logits, size=meta['ori_shape'], mode='bilinear',
                        align_corners=align_corners, warning=False)
    return logits[0]


def labels_of(scores: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """(1, H, W) class indices from (C, H, W) scores (logits or probabilities); with one
    channel, the scores are probabilities and the labels 0./1. floats, as in mmseg."""
    if scores.shape[0] == 1:
        return (scores > threshold).to(scores)
    if scores.shape[0] == 2:  # argmax of two: the first wins a tie, as here
        return (scores[1:] > scores[:1]).long()
    return scores.argmax(dim=0, keepdim=True)


def has_standard_predict(segmentor: torch.nn.Module) -> bool:
    """Whether `predict` is mmseg's own (inference, then postprocess_result), so that the
    lean path gives the same predictions; a segmentor that adds outputs keeps its own."""
    return isinstance(segmentor, EncoderDecoder) and \
        type(segmentor).predict is EncoderDecoder.predict


def predict_batch(segmentor: torch.nn.Module, data: dict) -> SampleList:
    """`segmentor.test_step(data)`: each sample gets `seg_logits` (raw logits; sigmoid
    probabilities for one channel, as in mmseg) and `pred_sem_seg` at its image's size."""
    if not has_standard_predict(segmentor):
        return segmentor.test_step(data)
    batch = segmentor.data_preprocessor(data, False)
    samples: List = batch['data_samples']
    metas = [sample.metainfo for sample in samples]
    logits = segmentor.inference(batch['inputs'], metas)
    threshold = segmentor.decode_head.threshold
    for index, (sample, meta) in enumerate(zip(samples, metas)):
        scores = logits_at_image_size(logits[index:index + 1], meta, segmentor.align_corners)
        if scores.shape[0] == 1:
            scores = scores.sigmoid()
        sample.set_data(dict(seg_logits=PixelData(data=scores),
                             pred_sem_seg=PixelData(data=labels_of(scores, threshold))))
    return samples
