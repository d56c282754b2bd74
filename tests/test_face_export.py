"""The CodaLab zip writer: layout, PNG contents, and the refusals that leave nothing behind."""
import zipfile

import cv2
import numpy as np
import pytest

from mmseg_custom.export.codalab import SubmissionError, face_mask_name, write_codalab_zip

from conftest import ROOT, load_tool


def masks(count=2, size=512):
    rng = np.random.default_rng(0)
    return [(f'{i}.png', rng.integers(0, 19, (size, size)).astype(np.uint8))
            for i in range(count)]


def test_infer_and_the_export_name_face_masks_by_one_rule():
    assert face_mask_name('test/100.jpg') == '100.png'
    assert face_mask_name('a.b.jpg') == 'a.b.png'  # the stem up to the last dot, as pathlib's
    mask_name = load_tool(ROOT / 'infer.py').mask_name
    assert mask_name('test/a.b.jpg', binary=False) == face_mask_name('test/a.b.jpg')
    assert mask_name('test/a.b.jpg', binary=True) == 'a.b.jpg'


def test_zip_holds_one_folder_of_512_pngs_with_the_labels(tmp_path):
    expected = masks()
    assert write_codalab_zip(iter(expected), tmp_path / 'sub.zip', folder='results') == 2
    with zipfile.ZipFile(tmp_path / 'sub.zip') as archive:
        assert sorted(archive.namelist()) == ['results/0.png', 'results/1.png']
        for name, labels in expected:
            data = np.frombuffer(archive.read(f'results/{name}'), np.uint8)
            decoded = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
            assert decoded.shape == (512, 512)
            np.testing.assert_array_equal(decoded, labels)


@pytest.mark.parametrize('bad, message', [
    ([('0.png', np.full((512, 512), 19, np.uint8))], r'0\.png holds values 19\.\.19'),
    ([('0.png', np.zeros((256, 512), np.uint8))], r'0\.png is 512x256 but .* 512x512'),
    (masks(1) + masks(1), r'two images give the mask 0\.png'),
    ([], 'no masks'),
])
def test_bad_submissions_are_refused_and_leave_no_file(tmp_path, bad, message):
    with pytest.raises(SubmissionError, match=message):
        write_codalab_zip(iter(bad), tmp_path / 'sub.zip')
    assert list(tmp_path.iterdir()) == []


def test_a_zip_over_the_limit_is_refused(tmp_path):
    with pytest.raises(SubmissionError, match=r'above CodaLab.s limit'):
        write_codalab_zip(iter(masks(3)), tmp_path / 'sub.zip', max_bytes=10_000)
    assert list(tmp_path.iterdir()) == []
    assert write_codalab_zip(iter(masks(3)), tmp_path / 'sub.zip', max_bytes=10_000_000) == 3
