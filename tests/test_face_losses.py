"""The loss switches for rare classes (class-weighted CE + Lovasz or Dice) train a face model."""
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from conftest import ROOT

CONFIGS = ROOT / 'configs' / 'celebamask'


def face_batch():
    """Two 64x64 images whose masks use a frequent (1) and a rare (15, earring) class, and
    an ignored (255) band such as padding leaves after a crop."""
    torch.manual_seed(0)
    labels = torch.ones(2, 1, 64, 64, dtype=torch.long)
    labels[:, :, 20:28, 20:28] = 15
    labels[:, :, :, 56:] = 255
    samples = []
    for label in labels:
        sample = SegDataSample(gt_sem_seg=PixelData(data=label))
        sample.set_metainfo(dict(img_shape=(64, 64), pad_shape=(64, 64), ori_shape=(64, 64)))
        samples.append(sample)
    return torch.rand(2, 3, 64, 64) * 255, samples


def losses_with(loss_decode):
    """Loss terms of the CPU face model (fixed weights) under a given loss_decode."""
    init_default_scope('mmseg')
    cfg = Config.fromfile(str(CONFIGS / 'unet_mobilenetv2_cpu.py'))
    cfg.model.decode_head.loss_decode = loss_decode
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    inputs, samples = face_batch()
    data = model.data_preprocessor(dict(inputs=list(inputs), data_samples=samples), True)
    return model.loss(data['inputs'], data['data_samples'])


def test_weighted_ce_and_lovasz_switch_gives_both_terms_and_weighs_rare_classes():
    switch = Config.fromfile(str(CONFIGS / 'segformer_mit-b2_wce-lovasz.py'))
    loss_decode = switch.model.decode_head.loss_decode
    assert [loss['type'] for loss in loss_decode] == ['CrossEntropyLoss',
                                                       'LovaszLoss']
    class_weight = loss_decode[0]['class_weight']
    assert len(class_weight) == 19 and class_weight[15] > class_weight[1]
    switched = losses_with(loss_decode)
    assert set(switched) >= {'decode.loss_ce', 'decode.loss_lovasz'}
    assert all(torch.isfinite(switched[k]) for k in ('decode.loss_ce', 'decode.loss_lovasz'))
    switched['decode.loss_lovasz'].backward()  # the Lovasz term has gradients
    plain = losses_with([dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)])
    # same network, same batch: weighting the rare earring pixels changes the CE value
    assert not torch.isclose(switched['decode.loss_ce'], plain['decode.loss_ce'])


def test_weighted_ce_and_dice_switch_gives_both_terms():
    switch = Config.fromfile(str(CONFIGS / 'deeplabv3plus_r50_wce-dice.py'))
    loss_decode = switch.model.decode_head.loss_decode
    assert [loss['type'] for loss in loss_decode] == ['CrossEntropyLoss',
                                                       'DiceLoss']
    switched = losses_with(loss_decode)
    assert 0 < switched['decode.loss_dice'] <= 1 and torch.isfinite(switched['decode.loss_ce'])


def test_class_weighted_ce_averages_like_pytorch_despite_ignored_pixels():
    """The face configs' weighted loss is mmseg's own CrossEntropyLoss: with class weights and
    ignored (255) padding pixels it is PyTorch's weighted mean (MMSegmentation 1.2.2 raised an
    IndexError here)."""
    init_default_scope('mmseg')
    weights = [1.0, 4.0, 2.0]
    torch.manual_seed(0)
    logits, labels = torch.randn(2, 3, 5, 7), torch.randint(0, 3, (2, 5, 7))
    labels[0, 0] = 255
    stock = MODELS.build(dict(type='CrossEntropyLoss', class_weight=weights, loss_weight=2.0))
    expected = 2.0 * F.cross_entropy(logits, labels, weight=torch.tensor(weights),
                                     ignore_index=255)
    assert torch.isclose(stock(logits, labels, ignore_index=255), expected)
    unweighted = F.cross_entropy(logits, labels, ignore_index=255)
    assert not torch.isclose(expected / 2.0, unweighted)  # the weights do matter here
