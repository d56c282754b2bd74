"""Pretrained weights named by URL: offline, one line naming the URL and where the file goes;
a file put there is what the config then loads (no network needed: port 9 refuses)."""
import re

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import CheckpointLoader
from mmseg.registry import MODELS

import mmseg_custom  # noqa: F401  (registers the loader)
from mmseg_custom.cli import user_errors
from mmseg_custom.pretrained_weights import WeightsDownloadError

from conftest import ROOT

UNREACHABLE = 'http://127.0.0.1:9/resnet18-f37072fd.pth'


@pytest.fixture
def torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv('TORCH_HOME', str(tmp_path / 'torch'))
    return tmp_path / 'torch'


def test_an_unreachable_url_is_one_line_naming_where_the_file_goes(torch_home):
    with pytest.raises(WeightsDownloadError) as error:
        CheckpointLoader.load_checkpoint(UNREACHABLE)
    message = str(error.value)
    expected = torch_home / 'hub' / 'checkpoints' / 'resnet18-f37072fd.pth'
    assert '\n' not in message
    assert message.startswith(f'cannot download the pretrained weights {UNREACHABLE} (')
    assert f'put it at {expected},' in message
    torch.save({'state_dict': {'w': torch.arange(3)}}, expected)
    assert torch.equal(CheckpointLoader.load_checkpoint(UNREACHABLE)['state_dict']['w'],
                       torch.arange(3))


def test_a_config_loads_the_file_put_where_the_message_says(torch_home, capsys):
    init_default_scope('mmseg')
    cfg = Config.fromfile(str(ROOT / 'configs' / '_base_' / 'models' / 'resnet_unet.py'))
    cfg.model.backbone.init_cfg.checkpoint = UNREACHABLE
    model = MODELS.build(cfg.model)
    with pytest.raises(SystemExit) as stop:
        with user_errors():
            model.init_weights()
    line = str(stop.value.code)
    assert line.startswith(f'error: cannot download the pretrained weights {UNREACHABLE}')
    assert '\n' not in line
    target = re.search(r'put it at (\S+),', line)[1]
    donor = MODELS.build(cfg.model.backbone)
    weights = {k: torch.randn_like(v) if v.is_floating_point() else v
               for k, v in donor.state_dict().items()}
    torch.save(weights, target)
    model = MODELS.build(cfg.model)
    model.init_weights()
    assert torch.equal(model.backbone.conv1.weight, weights['conv1.weight'])
