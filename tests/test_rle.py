"""Run-length encoding: known cases and a round trip on random masks, in both pixel orders."""
import numpy as np
import pytest

from mmseg_custom.errors import UserError
from mmseg_custom.export.rle import rle_decode, rle_encode, rle_to_indices


def test_empty_mask_is_the_empty_string_and_decodes_back():
    mask = np.zeros((3, 4), np.uint8)
    assert rle_encode(mask) == ''
    assert np.array_equal(rle_decode('', (3, 4)), mask)


def test_full_mask_is_one_run_of_every_pixel():
    mask = np.ones((3, 4), bool)
    assert rle_encode(mask) == '1 12'
    assert rle_decode('1 12', (3, 4)).all()


@pytest.mark.parametrize('row, col', [(0, 0), (2, 0), (0, 3), (1, 2), (2, 3)])
def test_single_pixel_is_numbered_top_to_bottom_then_left_to_right(row, col):
    mask = np.zeros((3, 4), np.uint8)
    mask[row, col] = 1
    start = col * 3 + row + 1  # column-major, 1-based
    assert rle_encode(mask) == f'{start} 1'
    assert rle_encode(mask, order='C') == f'{row * 4 + col + 1} 1'
    assert np.array_equal(rle_decode(f'{start} 1', (3, 4)), mask)


def test_runs_continue_down_a_column_into_the_next():
    mask = np.array([[0, 1],
                     [1, 1],
                     [1, 0]])
    # column-major pixels: 0 1 1 | 1 1 0  ->  one run from pixel 2 of length 4
    assert rle_encode(mask) == '2 4'
    # row-major: 0 1 | 1 1 | 1 0 -> one run from 2 of length 4 as well; a different mask:
    other = np.array([[1, 0], [0, 1], [1, 1]])
    assert rle_encode(other) == '1 1 3 1 5 2'
    assert rle_encode(other, order='C') == '1 1 4 3'


def test_nonzero_values_count_as_foreground():
    assert rle_encode(np.array([[0, 7, 255]])) == '2 2'


@pytest.mark.parametrize('order', ['F', 'C'])
def test_round_trip_on_random_masks(order):
    rng = np.random.default_rng(2009)
    for _ in range(300):
        shape = tuple(rng.integers(1, 40, size=rng.integers(1, 4)))
        density = rng.uniform(0, 1)
        mask = (rng.uniform(size=shape) < density).astype(np.uint8)
        encoded = rle_encode(mask, order=order)
        assert np.array_equal(rle_decode(encoded, shape, order=order), mask)
        values = np.array(encoded.split(), dtype=int)
        # well-formed: 1-based starts, positive lengths, runs separated by at least one pixel
        assert values.size % 2 == 0 and (values >= 1).all()
        starts, lengths = values[0::2], values[1::2]
        assert (starts[1:] > starts[:-1] + lengths[:-1]).all()
        assert lengths.sum() == mask.sum()
        assert np.array_equal(np.sort(rle_to_indices(encoded)),
                              np.flatnonzero(mask.ravel(order=order)))


@pytest.mark.parametrize('rle, message', [('1', 'odd'), ('0 2', '>= 1'), ('3 0', '>= 1'),
                                          ('5 2 1 1', 'overlap'), ('11 3', 'past')])
def test_malformed_strings_are_refused_with_the_reason(rle, message):
    with pytest.raises(UserError, match=message):
        rle_decode(rle, (3, 4))


def test_unknown_order_is_refused():
    with pytest.raises(ValueError, match="'F', 'C'"):
        rle_encode(np.ones(3), order='K')
