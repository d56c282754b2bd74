"""Flip TTA for faces: the flipped view's left/right channels are swapped back before merging."""
import copy

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.model import BaseTTAModel
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from conftest import ROOT
from mmseg_custom.datasets.celebamask import FACE_CLASSES
from mmseg_custom.inference import build_test_pipeline, predict_files, wrap_for_tta
from mmseg_custom.models.tta.flip_swap_tta import swap_channels

CPU_FACE_CONFIG = ROOT / 'configs' / 'celebamask' / 'unet_mobilenetv2_cpu.py'


def test_swap_channels_exchanges_each_pair_and_nothing_else():
    logits = torch.arange(10.).view(10, 1, 1)
    swapped = swap_channels(logits, [(4, 5), (6, 7), (8, 9)]).flatten().tolist()
    assert swapped == [0, 1, 2, 3, 5, 4, 7, 6, 9, 8]


def left_right_model(cfg):
    """A mirror-symmetric face model: whatever it is shown, it calls the left half of the
    picture 'left eye' (4) and the right half 'right eye' (5)."""
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model)
    model.cfg, model.dataset_meta = cfg, dict(classes=FACE_CLASSES)

    def encode_decode(inputs, batch_img_metas):
        n, _, h, w = inputs.shape
        logits = torch.zeros(n, 19, h, w)
        logits[:, 4, :, :w // 2] = 5.
        logits[:, 5, :, w // 2:] = 5.
        return logits

    model.encode_decode = encode_decode
    return model.eval()


def predict_one(model, tmp_path):
    path = tmp_path / 'face.png'
    cv2.imwrite(str(path), np.random.default_rng(0).integers(0, 255, (32, 64, 3), np.uint8))
    (result,) = predict_files(model, [path], batch_size=1, num_workers=0)
    assert result.img_path == str(path)
    return result.pred_sem_seg.data[0].numpy()


def test_flip_tta_of_a_symmetric_model_keeps_left_and_right_apart(tmp_path):
    cfg = Config.fromfile(str(CPU_FACE_CONFIG))
    assert cfg.tta_model.type == 'FlipSwapSegTTAModel'
    expected = np.zeros((32, 64), np.int64)  # a multiple of 32: no padding
    expected[:, :32], expected[:, 32:] = 4, 5
    plain = predict_one(left_right_model(cfg), tmp_path)
    np.testing.assert_array_equal(plain, expected)
    merged = predict_one(wrap_for_tta(left_right_model(cfg)), tmp_path)
    np.testing.assert_array_equal(merged, expected)


def test_stock_seg_tta_model_would_mix_left_and_right(tmp_path):
    """Why the swap is needed: mmseg's SegTTAModel averages 'left' of the flipped view with
    'right' of the plain one, so one of the two eyes gets the other's label."""
    cfg = Config.fromfile(str(CPU_FACE_CONFIG))
    cfg.tta_model = dict(type='SegTTAModel')
    merged = predict_one(wrap_for_tta(left_right_model(cfg)), tmp_path)
    assert (merged[:, 32:] != 5).all()


def test_batched_face_tta_equals_the_views_one_by_one_and_runs_one_pass_per_size(
        tmp_path, monkeypatch):
    """An untrained face model (left and right outputs differ) under flips at two scales:
    one forward pass per input size, and the swapped, averaged probabilities of the views
    predicted one by one."""
    cfg = Config.fromfile(str(CPU_FACE_CONFIG))
    cfg.tta_pipeline[1]['transforms'].insert(
        0, [dict(type='Resize', scale_factor=r, keep_ratio=True) for r in (0.75, 1.0)])
    torch.manual_seed(0)
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model)
    model.cfg, model.dataset_meta = cfg, dict(classes=FACE_CLASSES)
    tta = wrap_for_tta(model.eval())
    pipeline = build_test_pipeline(cfg, tta=True)
    rng = np.random.default_rng(3)
    data = pseudo_collate([pipeline(dict(img=rng.integers(0, 255, (40, 72, 3), np.uint8),
                                         img_path=name)) for name in 'ab'])
    sizes = []
    inference = model.inference
    monkeypatch.setattr(model, 'inference',
                        lambda inputs, metas: sizes.append(tuple(inputs.shape)) or
                        inference(inputs, metas))
    with torch.inference_mode():
        batched = tta.test_step(copy.deepcopy(data))
        assert sorted(sizes) == [(4, 3, 32, 64), (4, 3, 64, 96)]  # 30x54 and 40x72, padded
        one_by_one = BaseTTAModel.test_step(tta, copy.deepcopy(data))
    for merged, reference in zip(batched, one_by_one):
        probabilities = merged.seg_logits.data.softmax(0)
        assert probabilities.shape == (19, 40, 72)
        assert (probabilities - reference.seg_logits.data.softmax(0)).abs().max() < 1e-5
        assert torch.equal(merged.pred_sem_seg.data, reference.pred_sem_seg.data)
    # the swap matters here: without it the merged left and right eyes would differ
    swapped = tta.swap_pairs
    tta.swap_pairs = []
    with torch.inference_mode():
        unswapped = tta.test_step(copy.deepcopy(data))[0].seg_logits.data
    tta.swap_pairs = swapped
    assert (unswapped.softmax(0) - batched[0].seg_logits.data.softmax(0)).abs().max() > 1e-3
