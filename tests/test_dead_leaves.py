"""Procedural dead-leaves backgrounds and the dataset writer's --dead-leaves fraction."""
import cv2
import numpy as np
import pytest

from mmseg_custom.data.backgrounds import load_backgrounds
from mmseg_custom.data.dead_leaves import dead_leaves_background
from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
from mmseg_custom.errors import UserError


@pytest.fixture(scope='module')
def photos():
    return load_backgrounds('train')


def test_dead_leaves_are_deterministic_varied_rgb_images(photos):
    first = dead_leaves_background(photos, np.random.default_rng(3), 120, 200)
    again = dead_leaves_background(photos, np.random.default_rng(3), 120, 200)
    other = dead_leaves_background(photos, np.random.default_rng(4), 120, 200)
    assert first.shape == (120, 200, 3) and first.dtype == np.uint8
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    # many shapes: lots of distinct colours and edges, not a flat or smooth image
    assert len(np.unique(first.reshape(-1, 3), axis=0)) > 500
    edges = cv2.Canny(cv2.cvtColor(first, cv2.COLOR_RGB2GRAY), 50, 150)
    assert (edges > 0).mean() > 0.01


def test_writer_draws_the_requested_fraction_of_dead_leaves(tmp_path):
    plain = make_logo_dataset(tmp_path / 'plain', 3, seed=5, progress=False)
    leaves = make_logo_dataset(tmp_path / 'leaves', 3, seed=5, progress=False, dead_leaves=1.0)
    for name in ('00000', '00001', '00002'):
        a = cv2.imread(str(plain / 'img' / f'{name}.jpg'))
        b = cv2.imread(str(leaves / 'img' / f'{name}.jpg'))
        assert a.shape == b.shape == (340, 512, 3)
        assert np.abs(a.astype(int) - b.astype(int)).mean() > 10
        mask = cv2.imread(str(leaves / 'mask' / f'{name}.bmp'), cv2.IMREAD_UNCHANGED)
        assert set(np.unique(mask)) == {0, 255}


def test_a_fraction_outside_0_1_is_refused(tmp_path):
    with pytest.raises(UserError, match='--dead-leaves'):
        make_logo_dataset(tmp_path / 'bad', 2, dead_leaves=1.5, progress=False)
    assert not (tmp_path / 'bad').exists()
