"""UNetHead fuses any number of levels and tolerates sizes that are not multiples of 32."""
import pytest
import torch

from mmseg_custom.models import ImageSkipEncoderDecoder, RefinedUNetHead, UNetHead


@pytest.mark.parametrize('separable', [False, True])
def test_output_at_shallowest_resolution(separable):
    head = UNetHead(in_channels=[8, 16, 32], in_index=[0, 1, 2], channels=8, num_classes=3,
                    separable=separable)
    features = [torch.randn(2, 8, 85, 128), torch.randn(2, 16, 43, 64),
                torch.randn(2, 32, 22, 32)]
    assert head(features).shape == (2, 3, 85, 128)


def test_skip_features_reach_the_output():
    head = UNetHead(in_channels=[4, 8], in_index=[0, 1], channels=4, num_classes=2).eval()
    shallow, deep = torch.randn(1, 4, 16, 16), torch.randn(1, 8, 8, 8)
    changed = shallow.clone()
    changed[..., 0, 0] += 10
    with torch.no_grad():
        assert not torch.allclose(head([shallow, deep]), head([changed, deep]))


def _levels():
    return [torch.randn(2, 8, 43, 64), torch.randn(2, 16, 22, 32)]


def test_refined_head_predicts_at_image_resolution():
    head = RefinedUNetHead(in_channels=[8, 16], in_index=[1, 2], channels=8, num_classes=2)
    image = torch.randn(2, 3, 85, 128)
    assert head([image, *_levels()]).shape == (2, 2, 85, 128)


def test_refined_head_starts_as_the_plain_head_it_is_loaded_from():
    plain = UNetHead(in_channels=[8, 16], in_index=[0, 1], channels=8, num_classes=2)
    plain.init_weights()
    refined = RefinedUNetHead(in_channels=[8, 16], in_index=[1, 2], channels=8, num_classes=2)
    refined.init_weights()
    missing, unexpected = refined.load_state_dict(plain.state_dict(), strict=False)
    assert not unexpected and all(key.startswith('refine') for key in missing)
    image, levels = torch.randn(2, 3, 85, 128), _levels()
    plain.eval()
    refined.eval()
    with torch.no_grad():
        upsampled = torch.nn.functional.interpolate(plain(levels), size=(85, 128),
                                                    mode='bilinear', align_corners=False)
        assert torch.allclose(refined([image, *levels]), upsampled, atol=1e-6)


def test_refinement_gets_gradients_from_its_zero_start():
    head = RefinedUNetHead(in_channels=[8, 16], in_index=[1, 2], channels=8, num_classes=2)
    head.init_weights()
    head([torch.randn(2, 3, 85, 128), *_levels()]).sum().backward()
    assert head.refine_out.weight.grad.abs().sum() > 0


def test_image_skip_segmentor_puts_the_image_first():
    segmentor = ImageSkipEncoderDecoder(
        backbone=dict(type='MobileNetV2', widen_factor=0.5, strides=(1, 2, 2, 2, 1, 2, 1),
                      out_indices=(0, 2)),
        decode_head=dict(type='RefinedUNetHead', in_channels=[8, 16], in_index=[1, 2],
                         channels=8, num_classes=2))
    inputs = torch.randn(1, 3, 64, 96)
    image, half, eighth = segmentor.extract_feat(inputs)
    assert image is inputs
    assert half.shape == (1, 8, 32, 48) and eighth.shape == (1, 16, 8, 12)
    logits = segmentor.encode_decode(inputs, [dict(img_shape=(64, 96))])
    assert logits.shape == (1, 2, 64, 96)
