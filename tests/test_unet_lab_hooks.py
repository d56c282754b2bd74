"""ValidationLossHook and TrainingIoUHook on outputs whose answers are known."""
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub
from mmengine.structures import PixelData
from mmseg.models.decode_heads import FCNHead
from mmseg.structures import SegDataSample

from mmseg_custom.engine import TrainingIoUHook, ValidationLossHook


def head():
    return FCNHead(in_channels=2, channels=2, num_convs=0, concat_input=False, num_classes=2,
                   loss_decode=dict(type='CrossEntropyLoss', avg_non_ignore=True))


def fake_runner(name):
    return SimpleNamespace(model=SimpleNamespace(decode_head=head()),
                           message_hub=MessageHub.get_instance(name))


def sample(logits, labels):
    s = SegDataSample()
    s.seg_logits = PixelData(data=logits)
    s.gt_sem_seg = PixelData(data=labels[None])
    return s


def test_validation_loss_is_the_mean_cross_entropy_over_images():
    runner = fake_runner('val_loss_test')
    hook = ValidationLossHook()
    first = (torch.randn(2, 3, 4), torch.randint(0, 2, (3, 4)))
    second = (torch.randn(2, 5, 2), torch.tensor([[0, 1]] * 4 + [[255, 255]]))
    hook.before_val_epoch(runner)
    hook.after_val_iter(runner, 0, outputs=[sample(*first)])
    hook.after_val_iter(runner, 1, outputs=[sample(*second)])
    metrics = {'iou': 50.0}
    hook.after_val_epoch(runner, metrics)
    expected = (F.cross_entropy(first[0][None], first[1][None])
                + F.cross_entropy(second[0][None], second[1][None], ignore_index=255)) / 2
    assert metrics['val_loss'] == pytest.approx(float(expected), rel=1e-5)
    assert runner.message_hub.get_scalar('val/val_loss').current() == metrics['val_loss']
    hook.before_val_epoch(runner)  # a new validation starts from zero
    hook.after_val_iter(runner, 0, outputs=[sample(*first)])
    hook.after_val_epoch(runner, metrics)
    assert metrics['val_loss'] == pytest.approx(float(F.cross_entropy(first[0][None],
                                                                      first[1][None])), rel=1e-5)


def test_training_iou_counts_the_batch_the_loss_sees():
    runner = fake_runner('train_iou_test')
    hook = TrainingIoUHook()
    hook.before_train(runner)
    decode_head = runner.model.decode_head
    # predicted foreground where channel 1 wins: columns 0-1; truth: columns 1-2 (and 255 ignored)
    logits = torch.zeros(1, 2, 2, 4)
    logits[:, 1, :, :2] = 1.0
    truth = torch.tensor([[0, 1, 1, 0], [0, 1, 1, 255]])
    data_sample = SegDataSample()
    data_sample.gt_sem_seg = PixelData(data=truth[None])
    losses = decode_head.loss_by_feat(logits, [data_sample])
    assert 'loss_ce' in losses  # the head's own loss still comes back
    hook.after_train_iter(runner, 0)
    # tp = 2 (column 1), fp = 2 (column 0), fn = 2 (column 2): IoU 1/3
    assert runner.message_hub.get_scalar('train/iou').current() == pytest.approx(100 / 3)
    hook.after_train(runner)
    assert 'loss_by_feat' not in vars(decode_head)  # the head is unwrapped after training
