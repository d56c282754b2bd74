"""The logo fit: the renderer reproduces the data generator, and the fitter recovers logos."""
import argparse
import math

import cv2
import numpy as np
import pytest
import torch
from scipy import ndimage

from mmseg_custom.data.logo_compositor import (LogoPlacement, paste_logo, premultiply,
                                               transform_logo)
from mmseg_custom.data.logo_art import draw_stand_in_logo
from mmseg_custom.data.logo_dataset_writer import load_logo_rgba
from mmseg_custom.errors import UserError
from mmseg_custom.shipped_models import LOGO_TEMPLATE
from mmseg_custom.logo_fit import (LogoFitter, TemplateBank, WarpParams, load_logo_alpha,
                                  render_logo)
from mmseg_custom.file_output import NameClashError
from mmseg_custom.logo_fit.tuning import predict_probabilities, score_settings

from conftest import ROOT, load_tool

LOGO = LOGO_TEMPLATE
IMAGE_SHAPE = (340, 512)
THREADS = torch.get_num_threads()


@pytest.fixture(scope='module')
def alpha():
    return load_logo_alpha(LOGO)


@pytest.fixture(scope='module')
def fitter(alpha):
    return LogoFitter(alpha)


@pytest.fixture(scope='module')
def wrong_fitter():
    """A fitter of the old stand-in logo: a template that is not the images' logo."""
    return LogoFitter(draw_stand_in_logo()[..., 3].astype(np.float32) / 255)


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / max((a | b).sum(), 1))


def premultiplied_logo() -> np.ndarray:
    return premultiply(load_logo_rgba(LOGO))


def generated_mask(placements) -> np.ndarray:
    """The challenge generator's mask for these placements on an empty image."""
    logo = premultiplied_logo()
    image = np.zeros(IMAGE_SHAPE + (3,), np.float32)
    mask = np.zeros(IMAGE_SHAPE, bool)
    for placement in placements:
        paste_logo(image, mask, transform_logo(logo, placement), placement)
    return mask


def placement(flip=False, angle=None, swirl=None, scale=0.3, anchor=(0.5, 0.5)):
    return LogoPlacement(flip=flip, angle_deg=angle, swirl_strength=swirl, scale=scale,
                         alpha=0.3, anchor=anchor)


@pytest.mark.parametrize('flip, angle, swirl, scale', [
    (False, None, None, 0.3),
    (True, None, 3.6, 0.35),
    (False, 152.0, -3.8, 0.29),
    (True, 223.0, None, 0.37),
])
def test_render_reproduces_the_generators_warp(alpha, flip, angle, swirl, scale):
    warped = transform_logo(premultiplied_logo(), placement(flip, angle, swirl, scale))
    warped = warped[..., 3] > 0.5
    height, width = warped.shape

    def one(value):
        return torch.tensor([float(value)])

    params = WarpParams.of(centre_x=one((width - 1) / 2), centre_y=one((height - 1) / 2),
                           phi=one(math.radians(angle or 0.0)), strength=one(swirl or 0.0),
                           log_scale=one(math.log(scale)), mirror=one(-1.0 if flip else 1.0))
    bank = TemplateBank(alpha, 'cpu')
    stack = bank.stack(bank.keys(params.log_scale).tolist())
    drawn = render_logo(stack, torch.zeros(1, dtype=torch.long), params,
                        torch.arange(width).float(), torch.arange(height).float())[0]
    assert iou(drawn.numpy() > 0.5, warped) > 0.93


@pytest.mark.parametrize('height, width, kernel', [(40, 57, 11), (33, 20, 15), (5, 9, 7)])
def test_the_fft_search_correlates_as_a_direct_convolution(height, width, kernel):
    """The search's circular FFT is cut to the size that keeps the wrap-around out of the
    result: it must give what a direct 'same' correlation gives, borders included."""
    from mmseg_custom.logo_fit.fitter import _correlate
    generator = torch.Generator().manual_seed(0)
    images = torch.rand(2, height, width, generator=generator)
    kernels = torch.rand(3, kernel, kernel, generator=generator)
    direct = torch.nn.functional.conv2d(images[:, None], kernels[:, None], padding=kernel // 2)
    assert torch.allclose(_correlate(images, kernels), direct, atol=1e-4)


def test_fit_restores_a_blurred_logo_with_a_missing_part(fitter):
    truth, network = blurred_logo_with_a_missing_part()
    assert iou(network > 0.5, truth) < 0.75
    assert iou(fitter.fit_mask(network), truth) > 0.9


def separate_and_overlapping_logos():
    """Truth and a blurred network map: one logo alone, two overlapping ones."""
    truth = generated_mask([placement(angle=300.0, scale=0.2, anchor=(0.1, 0.05)),
                            placement(swirl=4.0, scale=0.22, anchor=(0.9, 0.95)),
                            placement(flip=True, angle=170.0, scale=0.2, anchor=(0.85, 0.7))])
    return truth, np.clip(ndimage.gaussian_filter(truth.astype(np.float32), 1.5) * 1.5, 0, 1)


def blurred_logo_with_a_missing_part():
    truth = generated_mask([placement(flip=True, angle=40.0, swirl=-2.5, scale=0.25)])
    network = ndimage.gaussian_filter(truth.astype(np.float32), 2.0) * 1.6
    _, xs = np.nonzero(truth)
    network[:, :int(np.percentile(xs, 30))] *= 0.3  # the network misses a faint third
    return truth, np.clip(network, 0, 1)


def test_fit_restores_a_logo_and_keeps_the_network_where_it_cannot_explain(fitter):
    """The separate logo is fitted (IoU 0.93 with the truth against the network's 0.82). The
    overlapping pair's best fit covers only 72% of the network's pixels (IoU 0.48 with its
    mask): it is refused and the network's mask stays there, as it must when the fit is poor."""
    truth, network = separate_and_overlapping_logos()
    fitted = fitter.fit_mask(network)
    labels, count = ndimage.label(ndimage.binary_dilation(truth, iterations=15))
    assert count == 2
    alone, pair = (labels == 1), (labels == 2)
    assert iou(fitted & alone, truth & alone) > 0.9 > iou((network > 0.5) & alone, truth & alone)
    assert np.array_equal(fitted & pair, (network > 0.5) & pair)


def test_a_wrong_template_keeps_the_networks_mask(wrong_fitter):
    """The stand-in's best warps explain Mila logos poorly (IoU 0.39 to 0.43 with the network's
    mask): every group keeps the network's mask, so a wrong --logo costs nothing here."""
    for truth, network in (separate_and_overlapping_logos(), blurred_logo_with_a_missing_part()):
        assert np.array_equal(wrong_fitter.fit_mask(network), network > 0.5)


def test_fitting_images_together_gives_the_masks_of_one_at_a_time(fitter):
    """The batch pads every group's window to one frame; no group may see another's. Sums
    over padded frames round differently, so edge pixels may flip (IoU 0.996 and 0.979 on two
    machines), where a group leaking into another would add or move a whole logo (each is a
    quarter or more of a mask's pixels: IoU 0.75 or less)."""
    maps = [separate_and_overlapping_logos()[1], blurred_logo_with_a_missing_part()[1],
            np.zeros(IMAGE_SHAPE, np.float32)]
    together = fitter.fit_masks(maps)
    alone = [fitter.fit_mask(m) for m in maps]
    assert len(together) == 3 and together[0].sum() > 3000 and together[1].sum() > 3000
    assert iou(together[0], alone[0]) > 0.9 and iou(together[1], alone[1]) > 0.9
    assert not together[2].any() and not alone[2].any()


DEVICES = ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])


@pytest.mark.parametrize('device', DEVICES)
def test_the_fit_runs_on_the_device_of_the_probabilities(fitter, device):
    """Every tensor the fit makes follows the map's device: under a 'meta' default device, a
    tensor made without naming its device would end up on 'meta' and fail the fit."""
    truth, network = blurred_logo_with_a_missing_part()
    on_device = torch.from_numpy(network).to(device)
    with torch.device('meta'):
        mask = fitter.fit_masks([on_device])[0]
    assert isinstance(mask, np.ndarray) and mask.shape == IMAGE_SHAPE
    assert iou(mask, truth) > 0.9


@pytest.mark.parametrize('shape', ['disc', 'square', 'ellipse'])
def test_a_blob_that_is_no_logo_keeps_the_networks_mask(fitter, shape):
    """A logo fitted to a solid blob agrees with it by IoU 0.53 (disc) to 0.54 (square): the
    blob is told apart by its solidity (about 1; a warped logo's is about 0.34)."""
    yy, xx = np.mgrid[:IMAGE_SHAPE[0], :IMAGE_SHAPE[1]]
    blob = {'disc': (yy - 170) ** 2 + (xx - 256) ** 2 < 40 ** 2,
            'square': (abs(yy - 170) < 40) & (abs(xx - 256) < 40),
            'ellipse': ((yy - 170) / 30) ** 2 + ((xx - 256) / 80) ** 2 < 1}[shape]
    network = blob.astype(np.float32) * 0.9
    assert np.array_equal(fitter.fit_mask(network), blob)


def test_a_small_logo_the_network_half_missed_keeps_the_networks_mask(fitter):
    """Its fit agrees with the network's mask by IoU under 0.5 (the network found half of it):
    below what the acceptance rule asks of a one-logo group, chosen on validation so that a
    wrong template never replaces the network's mask. The network's mask stays."""
    truth = generated_mask([placement(angle=70.0, swirl=2.0, scale=0.15)])
    network = ndimage.gaussian_filter(truth.astype(np.float32), 1.5) * 1.6
    _, xs = np.nonzero(truth)
    network[:, :int(np.percentile(xs, 50))] *= 0.3
    network = np.clip(network, 0, 1)
    assert iou(network > 0.5, truth) < 0.5
    assert np.array_equal(fitter.fit_mask(network), network > 0.5)


def test_nothing_detected_gives_an_empty_mask(fitter):
    assert not fitter.fit_mask(np.full(IMAGE_SHAPE, 0.2, np.float32)).any()


def test_a_logo_without_alpha_is_a_clear_error(tmp_path):
    path = tmp_path / 'flat.png'
    cv2.imwrite(str(path), np.zeros((8, 8, 3), np.uint8))
    with pytest.raises(UserError, match='no alpha channel'):
        load_logo_alpha(path)
    with pytest.raises(FileNotFoundError, match='missing.png'):
        load_logo_alpha(tmp_path / 'missing.png')


def _prediction(probabilities):
    """A SegDataSample as the network gives it for this logo probability map."""
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample

    sample = SegDataSample()
    logits = torch.from_numpy(np.stack([1 - probabilities, probabilities])).log()
    sample.seg_logits = PixelData(data=logits)
    sample.pred_sem_seg = PixelData(data=torch.from_numpy(probabilities > 0.5)[None])
    return sample


@pytest.mark.parametrize('workers', [0, 1])
def test_fitted_predictions_keep_their_order_and_pass_failures_through(fitter, workers):
    from mmseg_custom.inference import Failure, foreground_probabilities
    from mmseg_custom.logo_fit.stream import fit_predictions

    maps = [blurred_logo_with_a_missing_part()[1], separate_and_overlapping_logos()[1]]
    failure = Failure(LOGO, 'unreadable')
    samples = [_prediction(maps[0]), failure, _prediction(maps[1])]
    expected = [fitter.fit_mask(foreground_probabilities(samples[i])) for i in (0, 2)]
    results = list(fit_predictions(fitter, samples, workers=workers))
    assert results[1] is failure
    for result, mask in zip((results[0], results[2]), expected):
        fitted = result.pred_sem_seg.data[0].numpy()
        assert iou(fitted, mask) > 0.9  # a worker's single thread rounds differently; see above
    replaced = results[0].pred_sem_seg.data[0].numpy()
    assert iou(replaced, maps[0] > 0.5) < 0.9  # the fit replaced the network's mask


def test_the_network_leaves_the_fit_workers_their_cores(fitter):
    """While CPU workers fit, the predictions upstream run on the cores the workers leave
    (so that the two do not compete for them); torch's thread count is restored
    afterwards."""
    from mmseg_custom.logo_fit.stream import fit_predictions, usable_cpus
    from mmseg_custom.inference import Failure

    seen = []

    def predictions():
        for _ in range(3):
            seen.append(torch.get_num_threads())
            yield Failure(LOGO, 'unreadable')  # the pool starts with the first real map
        seen.append(torch.get_num_threads())
        yield _prediction(blurred_logo_with_a_missing_part()[1])
        seen.append(torch.get_num_threads())
        yield _prediction(blurred_logo_with_a_missing_part()[1])

    before = torch.get_num_threads()
    assert len(list(fit_predictions(fitter, predictions(), workers=1))) == 5
    assert seen[:4] == [before] * 4
    assert seen[4] == max(1, usable_cpus() - 1)
    assert torch.get_num_threads() == before


def test_tuning_scores_the_network_and_the_fit_on_a_known_answer(alpha):
    truth, network = blurred_logo_with_a_missing_part()
    probabilities, truths = {'a': network}, {'a': truth}
    no_fit = score_settings(alpha, probabilities, truths)
    fitted = score_settings(alpha, probabilities, truths, {'fine_candidates': 2})
    assert no_fit.image_iou == pytest.approx(iou(network > 0.5, truth))
    assert fitted.image_iou > 0.9 > 0.75 > no_fit.image_iou
    assert fitted.cpu_seconds > no_fit.cpu_seconds
    assert torch.get_num_threads() == THREADS  # the one-thread timing leaves torch as it was


def test_tuning_refuses_two_images_scored_against_one_mask(tmp_path):
    # refused before any prediction: no model is needed to see the clash
    with pytest.raises(NameClashError, match='a.jpg and .*a.png'):
        predict_probabilities(None, [tmp_path / 'a.jpg', tmp_path / 'a.png'])


def test_tuning_refuses_a_setting_that_does_not_exist():
    tool = load_tool(ROOT / 'tools' / 'tune_logo_fit.py')
    assert tool.settings_overrides('{"angles": 16}') == {'angles': 16}
    with pytest.raises(argparse.ArgumentTypeError, match='keys among .*fine_candidates'):
        tool.settings_overrides('{"angels": 16}')
    with pytest.raises(argparse.ArgumentTypeError, match='not JSON'):
        tool.settings_overrides('angles=16')
