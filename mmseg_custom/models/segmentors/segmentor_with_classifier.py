"""An encoder-decoder segmentor that also says which classes an image contains."""
from typing import List

import torch
from mmseg.models.segmentors import EncoderDecoder
from mmseg.registry import MODELS
from mmseg.utils import OptSampleList, SampleList


@MODELS.register_module()
class EncoderDecoderWithClassifier(EncoderDecoder):
    """`EncoderDecoder` plus `cls_head`, a multi-label image classifier on the same backbone.

    The classifier learns from labels derived from the ground-truth masks, so one checkpoint
    answers both questions. Every prediction carries `pred_cls_scores`, a (num_classes,)
    tensor of probabilities, next to `pred_sem_seg` and `seg_logits`.
    """

    def __init__(self, cls_head: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cls_head = MODELS.build(cls_head)

    def loss(self, inputs: torch.Tensor, data_samples: SampleList) -> dict:
        features = self.extract_feat(inputs)
        losses = dict(self._decode_head_forward_train(features, data_samples))
        if self.with_auxiliary_head:
            losses.update(self._auxiliary_head_forward_train(features, data_samples))
        masks = torch.stack([s.gt_sem_seg.data for s in data_samples])
        losses.update(self.cls_head.loss(features, masks))
        return losses

    def predict(self, inputs: torch.Tensor, data_samples: OptSampleList = None) -> SampleList:
        if data_samples is not None:
            metas = [sample.metainfo for sample in data_samples]
        else:
            shape = inputs.shape[2:]
            metas = [dict(ori_shape=shape, img_shape=shape, pad_shape=shape,
                          padding_size=[0, 0, 0, 0])] * inputs.shape[0]
        features = self.extract_feat(inputs)
        cls_scores: List[torch.Tensor] = self.cls_head.predict(features)
        if self.test_cfg.get('mode', 'whole') == 'whole':  # reuse the features
            seg_logits = self.decode_head.predict(features, metas, self.test_cfg)
        else:
            seg_logits = self.inference(inputs, metas)
        results = self.postprocess_result(seg_logits, data_samples)
        for result, scores in zip(results, cls_scores):
            result.pred_cls_scores = scores
        return results
