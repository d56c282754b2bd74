"""make benchmark's table: every stage of infer.py's path measured on the same images, each
against its own limit."""
import pytest

from conftest import ROOT, load_tool
from mmseg_custom.data.logo_dataset_writer import make_logo_dataset

benchmark_tool = load_tool(ROOT / 'tools' / 'benchmark_infer.py')


def test_benchmark_prints_every_path_against_the_forward_pass(tmp_path, capsys):
    images = make_logo_dataset(tmp_path, 2, seed=5, background_set='heldout',
                               progress=False) / 'img'
    benchmark_tool.main(['--images', str(images), '--fit-workers', '0'])
    lines = capsys.readouterr().out.splitlines()
    start = [i for i, line in enumerate(lines) if line.startswith('2 images')][-1]
    assert 'batch 1, 0 decode workers' in lines[start]  # infer.py's defaults
    end = lines.index('', start)
    rows = {line[:40].strip(): line[40:].split() for line in lines[start + 2:end]}
    assert list(rows) == ['forward pass alone', 'infer.py --no-tta --no-fit-logo',
                          'infer.py --no-fit-logo (TTA)', 'infer.py (TTA and logo fit)',
                          'loop over mmseg.apis.inference_model']
    rates = {name: float(values[0]) for name, values in rows.items()}
    assert rows['forward pass alone'][2:] == ['1.00x', '1.00x', '(1)']
    assert all(rate > 0 for rate in rates.values())
    # each path's limit: one forward pass per image, or one per view of the logo's TTA
    # (the image, mirrored, upside down)
    passes = {name: int(values[4].strip('()')) for name, values in rows.items()}
    assert passes == {'forward pass alone': 1, 'infer.py --no-tta --no-fit-logo': 1,
                      'infer.py --no-fit-logo (TTA)': 3, 'infer.py (TTA and logo fit)': 3,
                      'loop over mmseg.apis.inference_model': 1}
    for name, values in rows.items():  # both shares are printed rounded to 0.01
        share_of_forward = float(values[2].rstrip('x'))
        share_of_limit = float(values[3].rstrip('x'))
        assert share_of_limit == pytest.approx(share_of_forward * passes[name], abs=0.025)
    # the TTA's three passes and the fit can only add work to one plain pass
    assert rates['infer.py (TTA and logo fit)'] < rates['infer.py --no-tta --no-fit-logo']
    seconds = {name: float(values[1]) for name, values in rows.items()}
    assert lines[end + 1] == (f'the default path (infer.py): '
                              f'{seconds["infer.py (TTA and logo fit)"]:.3f} s per image')
    # the target, stated under the table: the default path's time over --no-fit-logo's
    ratio = seconds['infer.py (TTA and logo fit)'] / seconds['infer.py --no-fit-logo (TTA)']
    assert lines[-1].startswith('the logo fit: infer.py takes ')
    assert lines[-1].endswith('x the time of infer.py --no-fit-logo (target: 3x at most)')
    assert float(lines[-1].split()[5].rstrip('x')) == pytest.approx(ratio, rel=0.02)
