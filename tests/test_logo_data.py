"""The stand-in logo, the compositing recipe and the dataset writer."""
import cv2
import numpy as np
import pytest

from mmseg_custom.data.logo_art import LOGO_HEIGHT, LOGO_WIDTH, draw_logo
from mmseg_custom.data.logo_compositor import (LogoPlacement, composite, paste_logo,
                                               premultiply, sample_placement, transform_logo)
from mmseg_custom.data.logo_dataset_writer import DEFAULT_LOGO, load_logo_rgba, make_logo_dataset


def test_shipped_logo_is_the_drawn_rgba_logo():
    shipped = load_logo_rgba(DEFAULT_LOGO)
    assert shipped.shape == (LOGO_HEIGHT, LOGO_WIDTH, 4) == (400, 797, 4)
    assert np.array_equal(shipped, draw_logo())


def test_logo_is_magenta_and_purple_on_transparent():
    logo = draw_logo()
    alpha = logo[..., 3]
    assert alpha[0, 0] == 0 and alpha[-1, -1] == 0
    coverage = (alpha > 127).mean()
    assert 0.1 < coverage < 0.5
    opaque = logo[alpha == 255][:, :3].astype(int)
    # magenta/purple: red and blue dominate green everywhere the logo is opaque
    assert np.all(opaque[:, 0] > opaque[:, 1]) and np.all(opaque[:, 2] > opaque[:, 1])


def test_sampled_parameters_stay_in_the_recipe_ranges():
    rng = np.random.default_rng(0)
    placements = [sample_placement(rng) for _ in range(2000)]
    scales = np.array([p.scale for p in placements])
    alphas = np.array([p.alpha for p in placements])
    assert scales.min() >= 0.1 and scales.max() <= 0.38
    assert alphas.min() >= 0.1 and alphas.max() <= 0.4
    swirls = [p.swirl_strength for p in placements if p.swirl_strength is not None]
    angles = [p.angle_deg for p in placements if p.angle_deg is not None]
    assert min(swirls) >= -5 and max(swirls) <= 5
    assert min(angles) >= 0 and max(angles) <= 360
    for share in (np.mean([p.flip for p in placements]), len(swirls) / 2000, len(angles) / 2000):
        assert 0.45 < share < 0.55


def test_paste_blends_convexly_and_marks_the_mask():
    image = np.full((20, 30, 3), 0.5, np.float32)
    mask = np.zeros((20, 30), bool)
    logo = np.zeros((4, 6, 4), np.float32)
    logo[..., 0] = logo[..., 3] = 1.0  # opaque pure red, premultiplied
    placement = LogoPlacement(False, None, None, 1.0, alpha=0.25, anchor=(0.0, 1.0))
    paste_logo(image, mask, logo, placement)
    # top-left at (0, 30 - 6): the last 6 columns of the first 4 rows
    assert mask.sum() == 24 and mask[:4, 24:].all()
    np.testing.assert_allclose(image[0, 29], [0.75 * 0.5 + 0.25, 0.375, 0.375])
    np.testing.assert_allclose(image[10, 10], [0.5, 0.5, 0.5])


def test_transform_scales_the_logo():
    logo = premultiply(draw_logo())
    small = transform_logo(logo, LogoPlacement(True, None, None, 0.25, 0.2, (0, 0)))
    assert small.shape == (100, 199, 4)
    rotated = transform_logo(logo, LogoPlacement(False, 90.0, None, 0.1, 0.2, (0, 0)))
    assert rotated.shape[0] > rotated.shape[1]  # landscape logo turned portrait


def test_composite_changes_only_masked_area_much():
    rng = np.random.default_rng(3)
    background = np.full((340, 512, 3), 128, np.uint8)
    image, mask = composite(background, premultiply(draw_logo()), rng)
    assert set(np.unique(mask)) <= {0, 255} and (mask > 0).any()
    diff = np.abs(image.astype(int) - 128).max(axis=2)
    assert diff[mask == 0].mean() < diff[mask > 0].mean()


def test_dataset_writer_is_deterministic_and_worker_independent(tmp_path):
    one = make_logo_dataset(tmp_path / 'one', 4, seed=5, progress=False)
    two = make_logo_dataset(tmp_path / 'two', 4, seed=5, workers=2, progress=False)
    names = sorted(p.name for p in (one / 'img').iterdir())
    assert names == ['00000.jpg', '00001.jpg', '00002.jpg', '00003.jpg']
    for name in names:
        a = cv2.imread(str(one / 'img' / name))
        assert a.shape == (340, 512, 3)
        assert np.array_equal(a, cv2.imread(str(two / 'img' / name)))
        mask = cv2.imread(str(one / 'mask' / name.replace('.jpg', '.bmp')), cv2.IMREAD_UNCHANGED)
        assert mask.shape == (340, 512) and set(np.unique(mask)) <= {0, 255}
    other = make_logo_dataset(tmp_path / 'other', 1, seed=6, progress=False)
    assert not np.array_equal(cv2.imread(str(other / 'img' / '00000.jpg')),
                              cv2.imread(str(one / 'img' / '00000.jpg')))


def test_logo_without_alpha_is_refused(tmp_path):
    path = tmp_path / 'rgb.png'
    cv2.imwrite(str(path), np.zeros((10, 10, 3), np.uint8))
    with pytest.raises(ValueError, match='no alpha channel'):
        load_logo_rgba(path)
