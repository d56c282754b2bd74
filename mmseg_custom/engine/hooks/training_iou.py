"""Foreground IoU on the training batches, logged next to the training loss."""
from typing import Optional

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.models.utils import resize
from mmseg.registry import HOOKS

from mmseg_custom.evaluation.binary_scores import Counts


@HOOKS.register_module()
class TrainingIoUHook(Hook):
    """Logs `train/iou`: the foreground IoU (in %, as `BinaryMetric`'s `val/iou`) of each
    training batch's predictions, pooled over its pixels, from the logits the training step
    computes anyway (no extra forward pass).

    The decode head's `loss_by_feat` is wrapped before training to see its logits and labels,
    and unwrapped after; the logger averages the value over its window, like `decode.acc_seg`.
    """
    priority = 'NORMAL'

    def __init__(self, foreground: int = 1, ignore_index: int = 255) -> None:
        self.foreground = foreground
        self.ignore_index = ignore_index
        self._batch: Optional[Counts] = None

    @staticmethod
    def _head(runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        return model.decode_head

    def before_train(self, runner) -> None:
        head = self._head(runner)
        loss_by_feat = head.loss_by_feat

        def loss_by_feat_and_count(seg_logits, batch_data_samples):
            self._count(head, seg_logits, batch_data_samples)
            return loss_by_feat(seg_logits, batch_data_samples)

        head.loss_by_feat = loss_by_feat_and_count

    def after_train(self, runner) -> None:
        vars(self._head(runner)).pop('loss_by_feat', None)  # back to the class's method

    @torch.no_grad()
    def _count(self, head, seg_logits: torch.Tensor, batch_data_samples) -> None:
        label = head._stack_batch_gt(batch_data_samples).squeeze(1)
        logits = resize(seg_logits.detach(), size=label.shape[-2:], mode='bilinear',
                        align_corners=head.align_corners)
        if logits.shape[1] == 1:
            pred = logits[:, 0] > 0
        else:
            pred = logits.argmax(dim=1) == self.foreground
        valid = label != self.ignore_index
        truth = label == self.foreground
        self._batch = Counts.of(pred[valid].cpu().numpy(), truth[valid].cpu().numpy())

    def after_train_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        if self._batch is not None:
            runner.message_hub.update_scalar('train/iou', self._batch.iou * 100)
            self._batch = None
