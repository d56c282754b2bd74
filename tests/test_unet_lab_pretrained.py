"""The six backbone configs keep real ImageNet URLs; their loading code works on local files
laid out like those downloads (torchvision's ResNet keys; MMPretrain's 'backbone.' prefix)."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from conftest import ROOT

BACKBONE_CONFIGS = ['unet_r18', 'unet_r50', 'unet_mobilenetv2', 'deeplabv3plus_r18',
                    'deeplabv3plus_r50', 'deeplabv3plus_mobilenetv2']


def load(name):
    init_default_scope('mmseg')
    return Config.fromfile(str(ROOT / 'configs' / 'unet_lab' / f'{name}.py'))


@pytest.mark.parametrize('name', BACKBONE_CONFIGS)
def test_configs_pair_a_head_with_a_pretrained_backbone(name):
    cfg = load(name)
    head = 'UNetHead' if name.startswith('unet') else 'DepthwiseSeparableASPPHead'
    assert cfg.model.decode_head.type == head
    assert cfg.model.backbone.init_cfg.checkpoint.startswith('https://')


@pytest.mark.parametrize('name,prefix', [('unet_r18', ''),
                                         ('deeplabv3plus_mobilenetv2', 'backbone.')])
def test_weights_load_from_a_local_file_of_the_downloads_layout(name, prefix, tmp_path):
    cfg = load(name)
    donor = MODELS.build(cfg.model.backbone)
    weights = {prefix + k: torch.randn_like(v) if v.is_floating_point() else v
               for k, v in donor.state_dict().items()}
    weights['fc.weight' if not prefix else 'head.fc.weight'] = torch.zeros(10, 4)  # classifier
    torch.save(weights if not prefix else {'state_dict': weights}, tmp_path / 'imagenet.pth')
    cfg.model.backbone.init_cfg.checkpoint = str(tmp_path / 'imagenet.pth')
    model = MODELS.build(cfg.model)
    model.init_weights()
    loaded = model.backbone.state_dict()
    for key, value in weights.items():
        if key.startswith(prefix) and key[len(prefix):] in loaded:
            assert torch.equal(loaded[key[len(prefix):]], value), key
