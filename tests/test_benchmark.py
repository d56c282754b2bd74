"""make benchmark's table: every stage of infer.py's path measured on the same images."""
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
    rows = {line[:40].strip(): line[40:].split() for line in lines[start + 2:-1]}
    assert list(rows) == ['forward pass alone', 'infer.py --no-tta --no-fit-logo',
                          'infer.py --no-fit-logo (TTA)', 'infer.py (TTA and logo fit)',
                          'loop over mmseg.apis.inference_model']
    rates = {name: float(values[0]) for name, values in rows.items()}
    assert rows['forward pass alone'][2] == '1.00x'
    assert all(rate > 0 for rate in rates.values())
    # the TTA's three passes and the fit can only add work to one plain pass
    assert rates['infer.py (TTA and logo fit)'] < rates['infer.py --no-tta --no-fit-logo']
    # the target, stated under the table: the default path's time over --no-fit-logo's
    seconds = {name: float(values[1]) for name, values in rows.items()}
    ratio = seconds['infer.py (TTA and logo fit)'] / seconds['infer.py --no-fit-logo (TTA)']
    assert lines[-1].startswith('the logo fit: infer.py takes ')
    assert lines[-1].endswith('x the time of infer.py --no-fit-logo (target: 3x at most)')
    assert float(lines[-1].split()[5].rstrip('x')) == pytest.approx(ratio, rel=0.02)
