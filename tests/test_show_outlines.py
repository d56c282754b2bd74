"""tools/show_outlines.py: predicted and true outlines side by side, one row per image."""
import cv2
import numpy as np

from conftest import ROOT, call_tool

TOOL = ROOT / 'tools' / 'show_outlines.py'


def test_rows_show_red_predicted_and_green_true_outlines(tmp_path, capsys):
    for folder in ('img', 'pred', 'mask'):
        (tmp_path / folder).mkdir()
    for index in range(3):
        image = np.full((40, 60, 3), 128, np.uint8)
        truth = np.zeros((40, 60), np.uint8)
        truth[10:30, 10 + index:40 + index] = 255
        pred = np.zeros_like(truth)
        pred[12:28, 20:50] = 255
        cv2.imwrite(str(tmp_path / 'img' / f'{index}.jpg'), image)
        cv2.imwrite(str(tmp_path / 'mask' / f'{index}.bmp'), truth)
        cv2.imwrite(str(tmp_path / 'pred' / f'{index}.jpg'), pred)
    out = tmp_path / 'sheet' / 'outlines.png'
    result = call_tool(capsys, TOOL, tmp_path / 'img', tmp_path / 'pred', tmp_path / 'mask',
                       '--out', out, '--num', 2)
    assert str(out) in result.stdout
    sheet = cv2.imread(str(out))
    assert sheet.shape == (2 * (22 + 40), 60 + 8 + 60, 3)  # two rows of two panels
    first = sheet[22:62]
    left, right = first[:, :60].astype(int), first[:, 68:].astype(int)
    red = (left[..., 2] > 180) & (left[..., 1] < 100)
    green = (right[..., 1] > 150) & (right[..., 2] < 100)
    assert red[12, 20:50].any() and not red[20, 30]  # the predicted box's edge, not its inside
    assert green[10, 10:40].any() and not green[20, 25]
    (tmp_path / 'empty').mkdir()
    missing = call_tool(capsys, TOOL, tmp_path / 'empty', tmp_path / 'pred', tmp_path / 'mask',
                        '--out', tmp_path / 'none.png', check=False)
    assert missing.returncode == 1 and 'no image in' in missing.stderr
    assert not (tmp_path / 'none.png').exists()
