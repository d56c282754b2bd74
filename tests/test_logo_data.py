"""The Mila likeness, the compositing recipe, its training options and the dataset writer."""
from pathlib import Path

import cv2
import numpy as np
import pytest
from skimage import morphology

from mmseg_custom.data.distractors import add_distractors
from mmseg_custom.data.logo_art import (LOGO_HEIGHT, LOGO_WIDTH, MILA_PURPLE, draw_logo,
                                        draw_stand_in_logo)
from mmseg_custom.data.logo_compositor import (SCALE_RANGE, WIDE_SCALE_RANGE, LogoPlacement,
                                               composite, paste_logo, premultiply,
                                               sample_placement, transform_logo, vary_colour)
from mmseg_custom.data.logo_sampler import LogoRecipe, LogoSampler
from mmseg_custom.data.logo_dataset_writer import DEFAULT_LOGO, load_logo_rgba, make_logo_dataset
from mmseg_custom.errors import UserError


def test_shipped_logo_is_the_drawn_rgba_logo():
    shipped = load_logo_rgba(DEFAULT_LOGO)
    assert shipped.shape == (LOGO_HEIGHT, LOGO_WIDTH, 4) == (400, 797, 4)
    assert np.array_equal(shipped, draw_logo())


def test_logo_is_one_dark_purple_on_transparent():
    logo = draw_logo()
    alpha = logo[..., 3]
    assert alpha[0, 0] == 0 and alpha[-1, -1] == 0
    coverage = (alpha > 127).mean()
    assert 0.1 < coverage < 0.5
    opaque = logo[alpha == 255][:, :3]
    assert (opaque == MILA_PURPLE[:3]).all()
    # the content spans the canvas's width and is centred vertically
    columns = np.nonzero((alpha > 127).any(axis=0))[0]
    rows = np.nonzero((alpha > 127).any(axis=1))[0]
    assert columns[0] <= 1 and columns[-1] >= LOGO_WIDTH - 2
    assert abs(rows[0] - (LOGO_HEIGHT - 1 - rows[-1])) <= 2


REFERENCE = Path(__file__).resolve().parents[2] / 'shared' / 'reference' / 'mila_logo.png'


@pytest.mark.skipif(not REFERENCE.is_file(),
                    reason=f'the reference logo is not at {REFERENCE} (it is not part of the '
                    'project)')
def test_likeness_matches_the_reference_silhouette():
    """The drawing's silhouette against the public copy mapped into the 400x797 canvas the same
    way (content across the full width, centred vertically): IoU >= 0.90."""
    reference = load_logo_rgba(REFERENCE)[..., 3] > 127
    reference = morphology.remove_small_objects(reference, max_size=30)  # stray pixels
    rows, columns = np.nonzero(reference)
    content = reference[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    height = round(content.shape[0] * LOGO_WIDTH / content.shape[1])
    mapped = cv2.resize(content.astype(np.float32), (LOGO_WIDTH, height),
                        interpolation=cv2.INTER_AREA) > 0.5
    expected = np.zeros((LOGO_HEIGHT, LOGO_WIDTH), bool)
    top = (LOGO_HEIGHT - height) // 2
    expected[top:top + height] = mapped
    drawn = draw_logo()[..., 3] > 127
    iou = (drawn & expected).sum() / (drawn | expected).sum()
    assert iou >= 0.90, iou
    stand_in = draw_stand_in_logo()[..., 3] > 127
    assert (stand_in & expected).sum() / (stand_in | expected).sum() < 0.5


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
    with pytest.raises(UserError, match='no alpha channel'):
        load_logo_rgba(path)


def test_training_options_widen_scales_and_vary_colour():
    rng = np.random.default_rng(0)
    scales = np.array([sample_placement(rng, WIDE_SCALE_RANGE).scale for _ in range(2000)])
    assert scales.min() < SCALE_RANGE[0] and scales.max() > SCALE_RANGE[1]
    assert scales.min() >= SCALE_RANGE[0] / 1.2 and scales.max() <= SCALE_RANGE[1] * 1.2
    logo = transform_logo(premultiply(draw_logo()), LogoPlacement(False, None, None, 0.2, 0.3,
                                                                  (0, 0)))
    colours = []
    for seed in range(8):
        varied = vary_colour(logo, np.random.default_rng(seed))
        np.testing.assert_array_equal(varied[..., 3], logo[..., 3])  # the mask is unchanged
        opaque = varied[logo[..., 3] > 0.99][:, :3]
        colours.append(opaque.mean(axis=0))
        assert (varied[..., :3] <= varied[..., 3:] + 1e-6).all()  # still premultiplied
    assert np.ptp(np.array(colours), axis=0).max() > 0.05


def test_distractors_are_printed_but_never_in_the_mask(tmp_path):
    empty_logo = tmp_path / 'empty.png'
    cv2.imwrite(str(empty_logo), np.zeros((40, 80, 4), np.uint8))  # nothing to find
    with_text = LogoSampler(LogoRecipe(seed=3, logo_path=str(empty_logo), distractors=1.0))
    without = LogoSampler(LogoRecipe(seed=3, logo_path=str(empty_logo)))
    for index in range(3):
        image, mask = with_text(index)
        assert image.shape == (340, 512, 3) and not mask.any()
        assert not np.array_equal(image, without(index)[0])
    background = np.full((340, 512, 3), 128, np.uint8)
    distracted = add_distractors(background, np.random.default_rng(1),
                                 premultiply(draw_stand_in_logo()))
    assert distracted.shape == background.shape and distracted.dtype == np.uint8
    assert (distracted != background).any(axis=2).mean() > 0.001  # text was printed


def test_recipe_options_are_checked():
    with pytest.raises(UserError, match='--distractors'):
        LogoSampler(LogoRecipe(distractors=2.0))
    with pytest.raises(UserError, match='--scale-range'):
        LogoSampler(LogoRecipe(scale_range=(0.5, 0.2)))
