"""The lab's U-Net from scratch: exact feature-map sizes of both variants, the skip switch,
and the two-channel softmax / binary cross-entropy equivalence the configs rely on."""
import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.models.losses import CrossEntropyLoss
from mmseg.registry import MODELS

from conftest import ROOT
from mmseg_custom.errors import UserError
from mmseg_custom.models import LabUNet

SIDES = [512, 256, 128, 64, 32]  # the lab's Figure 1 for a 3x512x512 input


@pytest.mark.parametrize('upsample', ['deconv', 'bilinear'])
def test_feature_maps_halve_and_double_exactly(upsample):
    net = LabUNet(base_channels=4, upsample=upsample).eval()
    with torch.no_grad():
        encoded = net.encode(torch.randn(1, 3, 512, 512))
        decoded = net.decode(encoded)
    assert [tuple(f.shape[1:]) for f in encoded] == [
        (4 * 2**i, side, side) for i, side in enumerate(SIDES)]
    assert [tuple(f.shape[1:]) for f in decoded] == [
        (4 * 2**i, side, side) for i, side in reversed(list(enumerate(SIDES)))]


@pytest.mark.parametrize('upsample', ['deconv', 'bilinear'])
def test_full_width_layers_match_the_lab(upsample):
    net = LabUNet(upsample=upsample)
    assert [block[1].conv.out_channels for block in net.encoder] == [64, 128, 256, 512, 1024]
    assert all(m.padding == (1, 1) for m in net.modules()
               if isinstance(m, torch.nn.Conv2d) and m.kernel_size == (3, 3))
    assert (net.pool.kernel_size, net.pool.stride) == (2, 2)
    up = net.decoder[0].up
    if upsample == 'deconv':
        assert isinstance(up, torch.nn.ConvTranspose2d)
        assert (up.kernel_size, up.stride, up.in_channels, up.out_channels) == \
            ((2, 2), (2, 2), 1024, 512)
    else:
        assert isinstance(up[0], torch.nn.Upsample) and up[0].scale_factor == 2
        assert up[1].conv.out_channels == 512


def test_skip_switch_changes_only_the_skips():
    unet = LabUNet(base_channels=4, skip_connections=True)
    plain = LabUNet(base_channels=4, skip_connections=False)
    unet_shapes = {k: v.shape for k, v in unet.state_dict().items()}
    plain_shapes = {k: v.shape for k, v in plain.state_dict().items()}
    assert unet_shapes.keys() == plain_shapes.keys()  # the same layers
    differing = {k for k in unet_shapes if unet_shapes[k] != plain_shapes[k]}
    # only the first convolution after each up-sampling: twice the input channels with skips
    assert differing == {f'decoder.{i}.convs.0.conv.weight' for i in range(4)}
    for name in differing:
        assert unet_shapes[name][1] == 2 * plain_shapes[name][1]
        assert unet_shapes[name][0] == plain_shapes[name][0]
    # and the plain encoder-decoder's output no longer depends on the encoder's shallow maps
    x = torch.randn(1, 3, 32, 32)
    for net, depends in ((unet, True), (plain, False)):
        net.eval()
        features = net.encode(x)
        changed = list(features)
        changed[0] = changed[0] + 1.0
        with torch.no_grad():
            same = torch.allclose(net.decode(features)[-1], net.decode(changed)[-1])
        assert same != depends


def test_sizes_that_cannot_halve_exactly_are_refused():
    with pytest.raises(UserError, match='multiple of 16'):
        LabUNet(base_channels=2).encode(torch.randn(1, 3, 100, 96))
    with pytest.raises(UserError, match="'deconv', 'bilinear'"):
        LabUNet(upsample='nearest')


def test_two_channel_cross_entropy_is_binary_cross_entropy():
    logits = torch.randn(2, 2, 5, 7)
    labels = torch.randint(0, 2, (2, 5, 7))
    foreground = logits.softmax(dim=1)[:, 1]
    bce = F.binary_cross_entropy(foreground, labels.float())
    ce = CrossEntropyLoss(use_sigmoid=False, avg_non_ignore=True)(logits, labels)
    assert torch.allclose(ce, bce, atol=1e-6)


@pytest.mark.parametrize('name,upsample,skips', [
    ('unet_lab/unet_lab_deconv.py', 'deconv', True),
    ('unet_lab/unet_lab_bilinear.py', 'bilinear', True),
    ('birds/unet_lab-small.py', 'bilinear', True),
    ('birds/encdec_lab-small.py', 'bilinear', False)])
def test_configs_choose_the_variant(name, upsample, skips):
    cfg = Config.fromfile(str(ROOT / 'configs' / name))
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model).eval()
    assert (model.backbone.decoder[0].skip_connection, cfg.model.backbone.upsample) == \
        (skips, upsample)
    assert cfg.optim_wrapper.optimizer.type == 'Adam'
    with torch.no_grad():
        logits = model(torch.randn(1, 3, 64, 48), mode='tensor')
    assert logits.shape == (1, 2, 64, 48)  # two channels at the input's size
