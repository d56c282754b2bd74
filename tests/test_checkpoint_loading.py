"""Full training checkpoints load under torch >= 2.6 through mmengine's own loader, quietly."""
import pytest
import torch
from mmengine.runner import CheckpointLoader

import mmseg_custom  # noqa: F401
from mmseg_custom.checkpoint_loading import CheckpointError, read_checkpoint


def test_a_training_checkpoint_loads_safely_and_silently(trained_run, capsys):
    capsys.readouterr()
    checkpoint = CheckpointLoader.load_checkpoint(str(trained_run / 'iter_2.pth'),
                                                  map_location='cpu')
    # more than tensors: resuming needs the message hub, optimizer and the config
    assert {'state_dict', 'optimizer', 'message_hub', 'meta'} <= set(checkpoint)
    assert checkpoint['meta']['iter'] == 2 and 'cfg' in checkpoint['meta']
    captured = capsys.readouterr()
    assert captured.out == '' and captured.err == ''  # no unsafe-load fallback warning
    if tuple(int(p) for p in torch.__version__.split('.')[:2]) >= (2, 6):
        with pytest.raises(Exception):  # what a bare torch.load of torch >= 2.6 refuses
            torch.load(trained_run / 'iter_2.pth', map_location='cpu')


def test_a_file_that_is_no_checkpoint_is_one_line(tmp_path):
    bad = tmp_path / 'notes.pth'
    bad.write_text('not a checkpoint')
    with pytest.raises(CheckpointError, match='notes.pth is not a PyTorch checkpoint'):
        read_checkpoint(bad)
    with pytest.raises(FileNotFoundError, match='does not exist'):
        read_checkpoint(tmp_path / 'missing.pth')
