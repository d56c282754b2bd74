"""Validation loss, which MMSegmentation's validation loop does not compute."""
from typing import Dict, Optional, Sequence

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS


def decode_losses(model) -> list:
    """The decode head's loss modules (a list even when the config gives one dict)."""
    if is_model_wrapper(model):
        model = model.module
    losses = model.decode_head.loss_decode
    return list(losses) if isinstance(losses, torch.nn.ModuleList) else [losses]


@HOOKS.register_module()
class ValidationLossHook(Hook):
    """Adds `val_loss` (the decode head's training losses, summed, averaged over images) to the
    validation metrics, so it is logged with them and can select a checkpoint
    (`CheckpointHook(save_best='val_loss', rule='less')`).

    The losses are computed on the logits the validation step already made, at each image's
    own size (where the metric is computed too), so no second forward pass is needed. Runs
    after RuntimeInfoHook and before LoggerHook and CheckpointHook (priority 'NORMAL').
    """
    priority = 'NORMAL'

    def __init__(self, ignore_index: int = 255) -> None:
        self.ignore_index = ignore_index
        self._sum, self._count = 0.0, 0

    def before_val_epoch(self, runner) -> None:
        self._sum, self._count = 0.0, 0

    def after_val_iter(self, runner, batch_idx: int, data_batch=None,
                       outputs: Optional[Sequence] = None) -> None:
        losses = decode_losses(runner.model)
        for sample in outputs or ():
            if 'gt_sem_seg' not in sample or sample.seg_logits.data.shape[0] < 2:
                continue  # no ground truth, or sigmoid outputs (already probabilities)
            logits = sample.seg_logits.data[None].float()
            label = sample.gt_sem_seg.data.to(logits.device).long()
            self._sum += float(sum(
                loss(logits, label, ignore_index=self.ignore_index) for loss in losses
                if 'loss' in loss.loss_name))
            self._count += 1

    def after_val_epoch(self, runner, metrics: Optional[Dict[str, float]] = None) -> None:
        if not self._count:
            return
        value = self._sum / self._count
        if metrics is not None:
            metrics['val_loss'] = value  # seen by LoggerHook and CheckpointHook, which run later
        runner.message_hub.update_scalar('val/val_loss', value)
