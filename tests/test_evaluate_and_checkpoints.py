"""tools/evaluate.py on masks with a known score, the checkpoint loader, and publishing."""
import os
import subprocess
import sys

import cv2
import numpy as np
import pytest
import torch
from mmengine.runner import CheckpointLoader

from conftest import CPU_CONFIG, ROOT, call_tool
from mmseg_custom.cli import run
from mmseg_custom.inference import config_from_checkpoint

EVALUATE = ROOT / 'tools' / 'evaluate.py'
PUBLISH = ROOT / 'tools' / 'publish_checkpoint.py'


def write(folder, name, mask):
    folder.mkdir(exist_ok=True)
    cv2.imwrite(str(folder / name), mask)


def test_evaluate_reports_mean_per_image_and_pooled_iou(tmp_path, capsys):
    truth, pred = tmp_path / 'truth', tmp_path / 'pred'
    a = np.zeros((10, 10), np.uint8)
    a[:, :5] = 255                                   # 50 logo pixels
    b = np.zeros((10, 10), np.uint8)
    b[0, :2] = 255                                   # 2 logo pixels
    write(truth, '1.bmp', a)
    write(truth, '2.bmp', b)
    write(pred, '1.jpg.png', a)                      # stem before the first dot: '1'
    write(pred, '2.png', np.zeros((10, 10), np.uint8))
    result = call_tool(capsys, EVALUATE, pred, truth,
                      '--per-image', tmp_path / 'per_image.csv')
    assert 'mean per-image IoU (challenge score): 0.5000' in result.stdout
    assert f'IoU over all pixels:                  {50 / 52:.4f}' in result.stdout
    rows = (tmp_path / 'per_image.csv').read_text().splitlines()
    assert rows == ['mask,iou,true_positive,false_positive,false_negative,logo_pixels',
                    '2.bmp,0.0000,0,0,2,2',  # the worst first
                    '1.bmp,1.0000,50,0,0,50']


def test_evaluate_names_a_missing_prediction(tmp_path, capsys):
    write(tmp_path / 'truth', 'x.bmp', np.zeros((4, 4), np.uint8))
    (tmp_path / 'pred').mkdir()
    result = call_tool(capsys, EVALUATE, tmp_path / 'pred', tmp_path / 'truth',
                      check=False)
    assert result.returncode != 0 and 'x.bmp' in result.stderr


def test_full_checkpoints_load_despite_torch_weights_only_default(tmp_path):
    path = tmp_path / 'full.pth'
    torch.save(dict(meta=dict(seed=np.int64(3), note=np.array([1.5]))), path)
    with pytest.raises(Exception):
        torch.load(path)  # torch's own default refuses numpy objects
    loaded = CheckpointLoader.load_checkpoint(str(path), map_location='cpu')
    assert loaded['meta']['seed'] == 3


def test_published_checkpoint_is_slim_and_self_describing(trained_run, tmp_path, capsys):
    slim = tmp_path / 'slim.pth'
    call_tool(capsys, PUBLISH, trained_run / 'iter_2.pth', slim)
    checkpoint = torch.load(slim, weights_only=False)
    assert set(checkpoint) == {'state_dict', 'meta'}
    assert slim.stat().st_size < (trained_run / 'iter_2.pth').stat().st_size / 2
    cfg = config_from_checkpoint(slim)
    assert cfg.model.decode_head.type == 'UNetHead'


def test_publishing_can_embed_a_newer_config_for_the_same_model(trained_run, tmp_path,
                                                                capsys):
    newer = tmp_path / 'newer.py'
    newer.write_text(f"_base_ = ['{CPU_CONFIG}']\ninfer_with_tta = False\n")
    slim = tmp_path / 'slim.pth'
    call_tool(capsys, PUBLISH, trained_run / 'iter_2.pth', slim,
             '--config', newer)
    assert config_from_checkpoint(trained_run / 'iter_2.pth').infer_with_tta is True
    assert config_from_checkpoint(slim).infer_with_tta is False


def test_publishing_refuses_a_config_whose_model_does_not_fit(trained_run, tmp_path, capsys):
    wider = tmp_path / 'wider.py'
    wider.write_text(f"_base_ = ['{CPU_CONFIG}']\n"
                     "model = dict(decode_head=dict(channels=48))\n")
    slim = tmp_path / 'slim.pth'
    result = call_tool(capsys, PUBLISH, trained_run / 'iter_2.pth',
                      slim, '--config', wider, check=False)
    assert result.returncode != 0
    assert 'wider.py' in result.stderr and 'does not fit' in result.stderr
    assert not slim.exists()


def test_evaluate_refuses_two_predictions_with_one_stem(tmp_path, capsys):
    """infer.py used to write a.jpg and a.png for two images; one of them was scored."""
    good = np.full((4, 4), 255, np.uint8)
    write(tmp_path / 'truth', 'a.bmp', good)
    write(tmp_path / 'pred', 'a.jpg', good)
    write(tmp_path / 'pred', 'a.png', np.zeros((4, 4), np.uint8))
    result = call_tool(capsys, EVALUATE, tmp_path / 'pred', tmp_path / 'truth', check=False)
    assert result.returncode == 1
    assert 'a.jpg' in result.stderr and 'a.png' in result.stderr
    assert 'IoU' not in result.stdout


def test_evaluate_names_a_prediction_of_another_size(tmp_path, capsys):
    write(tmp_path / 'truth', 'a.bmp', np.zeros((4, 4), np.uint8))
    write(tmp_path / 'pred', 'a.png', np.zeros((4, 6), np.uint8))
    result = call_tool(capsys, EVALUATE, tmp_path / 'pred', tmp_path / 'truth', check=False)
    assert result.returncode == 1 and 'a.png is 6x4' in result.stderr


def test_evaluate_per_image_table_to_a_folder_is_one_line(tmp_path, capsys):
    write(tmp_path / 'truth', 'a.bmp', np.zeros((4, 4), np.uint8))
    write(tmp_path / 'pred', 'a.png', np.zeros((4, 4), np.uint8))
    result = call_tool(capsys, EVALUATE, tmp_path / 'pred', tmp_path / 'truth', '--per-image',
                       tmp_path, check=False)
    assert result.returncode == 1 and 'is a folder' in result.stderr


def test_publishing_a_file_that_is_not_a_checkpoint_is_one_line(tmp_path, capsys):
    junk = tmp_path / 'junk.pth'
    junk.write_bytes(b'\x00not a checkpoint' * 50)
    result = call_tool(capsys, PUBLISH, junk, tmp_path / 'slim.pth', check=False)
    assert result.returncode == 1
    assert result.stderr.startswith('error: ') and 'junk.pth is not a PyTorch checkpoint' \
        in result.stderr
    assert not (tmp_path / 'slim.pth').exists()


def test_evaluate_into_a_closed_pipe_ends_quietly(tmp_path):
    """`evaluate.py ... | head -1`: a reader that stops early is no error to report (it was a
    BrokenPipeError traceback). The pipe's reader is closed before the tool writes."""
    mask = np.zeros((8, 8), np.uint8)
    mask[:4] = 3
    write(tmp_path / 'pred', 'a.png', mask)
    write(tmp_path / 'truth', 'a.png', mask)
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run([sys.executable, EVALUATE, tmp_path / 'pred', tmp_path / 'truth',
                                 '--num-classes', '19'], stdout=writer, stderr=subprocess.PIPE,
                                text=True, cwd=ROOT)
    finally:
        os.close(writer)
    assert result.returncode == 141 and result.stderr == ''


def test_a_broken_pipe_that_is_not_stdout_keeps_its_traceback():
    def main():
        raise BrokenPipeError('a worker went away')
    with pytest.raises(BrokenPipeError, match='worker'):
        run(main)
