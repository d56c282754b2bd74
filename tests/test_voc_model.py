"""VOC 2009: the devkit dataset, the classification head on the segmentor, the metrics."""
import re

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS, METRICS, MODELS
from mmseg.structures import SegDataSample
from mmengine.structures import PixelData

from conftest import ROOT, VOC_TINY_CONFIG, run_tool
from mmseg_custom.config_overrides import propagate_data_root
from mmseg_custom.evaluation.multilabel_scores import average_precision
from mmseg_custom.models.heads import labels_from_masks

CONFIGS = ROOT / 'configs' / 'voc2009'


def voc_config(voc_devkit, name='unet_mobilenetv2_tiny_cpu.py'):
    cfg = Config.fromfile(str(CONFIGS / name))
    init_default_scope(cfg.default_scope)
    cfg.data_root = str(voc_devkit)
    propagate_data_root(cfg)
    return cfg


def test_pascal_voc_dataset_reads_the_devkit_layout(voc_devkit):
    cfg = voc_config(voc_devkit, 'unet_mobilenetv2_scratch.py')
    train = DATASETS.build(cfg.train_dataloader.dataset)
    val = DATASETS.build(cfg.val_dataloader.dataset)
    assert (len(train), len(val)) == (16, 4)
    assert train.metainfo['classes'][0] == 'background' and len(train.metainfo['classes']) == 21
    listed = (voc_devkit / 'ImageSets/Segmentation/val.txt').read_text().split()
    assert [d['img_path'].split('/')[-1] for d in val.load_data_list()] == \
        [f'{i}.jpg' for i in listed]
    sample = val[0]
    truth = sample['data_samples'].gt_sem_seg.data.numpy()
    assert truth.shape[1:] == (64, 80)  # the original size, for the metrics
    assert 255 in truth and set(np.unique(truth)) <= {0, 1, 2, 3, 255}


def test_border_pixels_are_ignored_by_the_losses_and_the_iou(voc_devkit):
    truth = torch.tensor([[[0, 1, 255], [1, 255, 0]]])
    right = torch.nn.functional.one_hot(truth.clamp(max=1), 21).permute(0, 3, 1, 2).float() * 9
    wrong_on_border = right.clone()
    wrong_on_border[0, :, 0, 2] = torch.arange(21.)  # border pixels predict class 20
    wrong_on_border[0, :, 1, 1] = torch.arange(21.)
    head = MODELS.build(voc_config(voc_devkit).model).decode_head  # CE + Dice, as trained
    samples = [SegDataSample(gt_sem_seg=PixelData(data=truth))]
    for name, value in head.loss_by_feat(right, samples).items():
        if name.startswith('loss'):
            assert value.item() == pytest.approx(
                head.loss_by_feat(wrong_on_border, samples)[name].item()), name
    metric = METRICS.build(dict(type='IoUMetric'))
    metric.dataset_meta = dict(classes=('background', 'aeroplane') + tuple('x' * 19))
    pred = wrong_on_border.argmax(1)
    metric.process({}, [dict(pred_sem_seg=dict(data=pred), gt_sem_seg=dict(data=truth))])
    assert metric.evaluate(1)['mIoU'] == 100.0


def test_image_labels_come_from_the_mask_without_background_and_border():
    masks = torch.tensor([[[0, 1], [15, 255]], [[0, 0], [255, 255]], [[20, 20], [20, 2]]])
    labels = labels_from_masks(masks, num_classes=20)
    assert labels.shape == (3, 20)
    assert labels[0].nonzero().ravel().tolist() == [0, 14]
    assert labels[1].sum() == 0
    assert labels[2].nonzero().ravel().tolist() == [1, 19]


def test_segmentor_trains_both_heads_and_predicts_class_scores(voc_devkit):
    cfg = voc_config(voc_devkit)
    model = MODELS.build(cfg.model)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch = model.data_preprocessor(dict(inputs=[dataset[i]['inputs'] for i in range(2)],
                                         data_samples=[dataset[i]['data_samples']
                                                       for i in range(2)]), training=True)
    losses = model.loss(batch['inputs'], batch['data_samples'])
    assert {'decode.loss_ce', 'decode.loss_dice', 'loss_cls'} <= set(losses)
    losses['loss_cls'].backward()
    assert model.cls_head.fc.weight.grad.abs().sum() > 0
    assert model.backbone.conv1.conv.weight.grad.abs().sum() > 0  # shared features learn
    model.eval()
    with torch.no_grad():
        results = model.predict(batch['inputs'], batch['data_samples'])
    scores = results[0].pred_cls_scores
    assert scores.shape == (20,) and ((scores > 0) & (scores < 1)).all()
    assert results[0].pred_sem_seg.data.shape[1:] == results[0].ori_shape


def test_imagenet_config_loads_its_pretrained_encoder_from_a_classifier_checkpoint(
        voc_devkit, tmp_path):
    cfg = voc_config(voc_devkit, 'unet_mobilenetv2_imagenet.py')
    assert cfg.model.backbone.init_cfg.checkpoint.startswith('https://download.openmmlab.com/')
    assert Config.fromfile(str(CONFIGS / 'unet_mobilenetv2_scratch.py')).model.backbone.get(
        'init_cfg') is None
    # a classifier checkpoint shaped like the real one: encoder under 'backbone.', a head
    reference = MODELS.build(cfg.model).backbone
    weights = {f'backbone.{k}': torch.full_like(v, 0.125) if v.is_floating_point() else v
               for k, v in reference.state_dict().items()}
    weights['head.fc.weight'] = torch.zeros(1000, 1280)
    local = tmp_path / 'mobilenet_v2_imagenet.pth'
    torch.save(dict(state_dict=weights), local)
    cfg.model.backbone.init_cfg.checkpoint = str(local)
    model = MODELS.build(cfg.model)
    model.init_weights()
    assert torch.all(model.backbone.conv1.conv.weight == 0.125)
    assert not torch.all(model.decode_head.conv_seg.weight == 0.125)  # heads stay random


def test_average_precision_on_known_rankings():
    assert average_precision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0.1, 0.9, 0.5], [1, 1, 1]) == pytest.approx(1.0)
    assert average_precision([0.5, 0.5], [1, 0]) == pytest.approx(0.5)  # a tie counts once
    assert np.isnan(average_precision([0.3, 0.2], [0, 0]))


def make_sample(truth, pred, scores):
    sample = SegDataSample(gt_sem_seg=PixelData(data=torch.tensor(truth)[None]),
                           pred_sem_seg=PixelData(data=torch.tensor(pred)[None]))
    sample.pred_cls_scores = torch.tensor(scores)
    return sample.to_dict()


def test_metrics_on_predictions_with_known_answers():
    classes = ('background',) + tuple(f'c{k}' for k in range(1, 21))
    ap, dice = (METRICS.build(dict(type=t)) for t in ('MultiLabelAPMetric', 'KaggleDiceMetric'))
    for metric in (ap, dice):
        metric.dataset_meta = dict(classes=classes)
    truth_a = np.array([[0, 1], [1, 255]])  # class 1 present
    truth_b = np.array([[0, 2], [2, 2]])    # class 2 present
    scores_a = np.zeros(20, np.float32)
    scores_a[0], scores_a[1] = 0.9, 0.2     # right
    scores_b = np.zeros(20, np.float32)
    scores_b[0], scores_b[1] = 0.6, 0.4     # c1 ranked above the true c2: wrong at 0.5
    samples = [make_sample(truth_a, np.array([[0, 1], [1, 1]]), scores_a),
               make_sample(truth_b, np.array([[0, 2], [2, 2]]), scores_b)]
    for metric in (ap, dice):
        metric.process({}, samples)
    aps = ap.evaluate(2)
    assert aps['AP.c1'] == 100.0 and aps['AP.c2'] == 100.0 and aps['mAP'] == 100.0
    assert 'AP.c3' not in aps  # no positive image: no AP
    result = dice.evaluate(2)
    # a: classification 1; segmentation 2*2/(3+2) (the border pixel predicted as c1 counts)
    # b: classification {c1} vs {c2}: 0; segmentation 1
    assert result['kaggle_dice_cls'] == 50.0
    assert result['kaggle_dice_seg'] == pytest.approx(100 * (0.8 + 1) / 2)
    assert result['kaggle_dice'] == pytest.approx(100 * (1 + 0.8 + 0 + 1) / 4)


def test_test_tool_reports_iou_ap_and_kaggle_dice(voc_checkpoint, voc_devkit, tmp_path):
    result = run_tool(ROOT / 'tools' / 'test.py', VOC_TINY_CONFIG, voc_checkpoint,
                      '--work-dir', tmp_path, '--cfg-options', f'data_root={voc_devkit}')
    line = re.search(r'Iter\(test\) \[4/4\](.*)', result.stdout + result.stderr).group(1)
    values = dict(re.findall(r'(\S+): ([\d.]+)', line))
    assert {'mIoU', 'mAP', 'kaggle_dice', 'kaggle_dice_cls', 'kaggle_dice_seg'} <= set(values)
    # 30 iterations on coloured ellipses: background and objects are told apart. The margin
    # is the data's, not a machine's: the pixel accuracy closes at least half of the gap
    # between the all-background guess and a perfect one.
    from PIL import Image
    ids = (voc_devkit / 'ImageSets/Segmentation/val.txt').read_text().split()
    truth = np.concatenate([np.array(Image.open(voc_devkit / 'SegmentationClass' / f'{i}.png'))
                            .ravel() for i in ids])
    background = 100 * np.mean(truth[truth != 255] == 0)
    print(f'aAcc {values["aAcc"]}, all-background guess {background:.2f}, mIoU {values["mIoU"]}')
    assert float(values['aAcc']) > background + (100 - background) / 2
    assert 0 < float(values['kaggle_dice']) <= 100


def test_masked_dice_loss_is_zero_for_a_perfect_prediction_and_grows_with_errors():
    loss = MODELS.build(dict(type='MaskedDiceLoss', smooth=0.0))
    truth = torch.tensor([[[0, 1, 255], [1, 2, 0]]])
    perfect = torch.nn.functional.one_hot(truth.clamp(max=2), 3).permute(0, 3, 1, 2) * 50.
    assert loss(perfect.float(), truth).item() == pytest.approx(0.0, abs=1e-6)
    wrong = perfect.clone()
    wrong[0, :, 1, 0] = torch.tensor([50., 0., 0.])  # a class-1 pixel called background
    # class 0: 2*2/(3+2); class 1: 2*1/(1+2); class 2: 1 -> 1 - mean
    assert loss(wrong.float(), truth).item() == pytest.approx(1 - (0.8 + 2 / 3 + 1) / 3, abs=1e-4)
