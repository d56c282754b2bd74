"""UNetHead fuses any number of levels and tolerates sizes that are not multiples of 32."""
import pytest
import torch

from mmseg_custom.models import UNetHead


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
