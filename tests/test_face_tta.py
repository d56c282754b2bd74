"""Flip TTA for faces: the flipped view's left/right channels are swapped back before merging."""
import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from conftest import ROOT
from mmseg_custom.datasets.celebamask import FACE_CLASSES
from mmseg_custom.inference import predict_files, wrap_for_tta
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
