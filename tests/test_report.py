"""The run record written while training, the one curve reader, and tools/report.py on a tiny
logo run (binary, plain log keys) and on hand-written logs with split-prefixed keys."""
import base64
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from mmengine.config import Config
from PIL import Image

from conftest import CPU_CONFIG, ROOT, load_tool, run_tool, tiny_train_options
from mmseg_custom.reporting.curves import read_curves
from mmseg_custom.reporting.run_record import cpu_model

TOOLS = ROOT / 'tools'
ALL_CONFIGS = sorted(p for p in (ROOT / 'configs').rglob('*.py') if '_base_' not in p.parts)


def tool(name):
    return load_tool(TOOLS / f'{name}.py')


def hook_types(cfg: Config) -> list:
    hooks = list(cfg.get('custom_hooks') or []) + list((cfg.get('default_hooks') or {}).values())
    return [hook['type'] for hook in hooks if hook]


@pytest.mark.parametrize('path', ALL_CONFIGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_config_records_its_run(path):
    types = hook_types(Config.fromfile(str(path)))
    assert 'RunRecordHook' in types
    if 'adam_curves' in path.read_text() or 'adam_lab_1k' in path.read_text():
        assert {'ValidationLossHook', 'TrainingIoUHook'} <= set(types)


@pytest.fixture(scope='module')
def run(logo_data, tmp_path_factory) -> Path:
    """4 iterations of the logo CPU config, validated after 2 and 4."""
    work_dir = tmp_path_factory.mktemp('report_run')
    run_tool(TOOLS / 'train.py', CPU_CONFIG, '--work-dir', work_dir,
             *tiny_train_options(logo_data, max_iters=4))
    return work_dir


@pytest.fixture(scope='module')
def parameter_count() -> int:
    """The figure tools/count_params.py prints."""
    return int(run_tool(TOOLS / 'count_params.py', CPU_CONFIG).stdout.split()[0])


def test_the_run_record_holds_machine_times_and_parameters(run, parameter_count):
    [path] = run.glob('*/run_record.json')
    record = json.loads(path.read_text())
    assert record['trainable_parameters'] == parameter_count
    assert record['hardware']['cpu_model'] == cpu_model() != ''
    assert record['hardware']['device'] == 'cpu' and record['hardware']['gpus_used'] == 0
    assert record['software']['torch'] and record['software']['mmseg']
    assert record['started'] <= record['finished']
    assert (record['start_iter'], record['last_iter'], record['max_iters']) == (0, 4, 4)


def test_plot_curves_reads_a_binary_run(run, capsys):
    assert tool('plot_curves').main([str(run)]) == 0
    out = capsys.readouterr().out
    # the logo config logs `loss` and `image_iou` (not mIoU): both validations are found
    assert '4 loss points, 2 validations of image_iou' in out
    with Image.open(run / 'curves.png') as image:
        assert image.width > image.height


def write_scalars(folder: Path, records: list) -> None:
    (folder / 'vis_data').mkdir(parents=True)
    (folder / 'vis_data' / 'scalars.json').write_text(
        ''.join(json.dumps(r) + '\n' for r in records))


def test_the_reader_takes_split_prefixed_keys_and_resumed_sessions(tmp_path):
    write_scalars(tmp_path / '20260101_000000', [
        {'train/lr': 1e-3, 'train/loss': 0.9, 'train/iou': 10.0, 'step': 5},
        {'val/iou': 20.0, 'val/val_loss': 0.8, 'val/time': 0.1, 'step': 5},
        {'train/lr': 1e-3, 'train/loss': 0.7, 'step': 10}])
    write_scalars(tmp_path / '20260101_010000', [  # resumed from iteration 5
        {'train/lr': 1e-3, 'train/loss': 0.6, 'step': 10},
        {'val/iou': 40.0, 'val/val_loss': 0.5, 'step': 10}])
    curves = read_curves(tmp_path)
    assert curves.metric == 'iou'
    assert (curves.train_loss.steps, curves.train_loss.values) == ([5, 10], [0.9, 0.6])
    assert (curves.val_metric.steps, curves.val_metric.values) == ([5, 10], [20.0, 40.0])
    assert curves.val_loss.values == [0.8, 0.5] and curves.train_metric.values == [10.0]
    assert curves.val_records[5] == {'iou': 20.0, 'val_loss': 0.8}


def test_plot_curves_draws_a_single_validation_of_a_multiclass_run(tmp_path, capsys):
    write_scalars(tmp_path / '20260101_000000', [
        {'lr': 1e-3, 'loss': 0.9, 'iter': 1, 'step': 1},
        {'aAcc': 90.0, 'mIoU': 30.0, 'mAcc': 40.0, 'step': 1}])
    assert tool('plot_curves').main([str(tmp_path)]) == 0
    assert '1 loss points, 1 validations of mIoU' in capsys.readouterr().out
    Image.open(tmp_path / 'curves.png').verify()


def figures_of(markdown: str) -> list:
    return re.findall(r'!\[[^\]]*\]\(([^)]+)\)', markdown)


def test_the_report_of_a_tiny_run(run, parameter_count, logo_data, tmp_path):
    out = tmp_path / 'report'
    assert tool('report').main([str(run), '--out', str(out), '--images',
                                str(logo_data / 'val' / 'img'), '--masks',
                                str(logo_data / 'val' / 'mask'), '--samples', '2']) == 0
    text = (out / 'report.md').read_text()
    assert f'Trainable parameters: {parameter_count:,}' in text
    assert cpu_model() in text and 'CPU only' in text
    assert re.search(r'\| wall time \| 0 h 0\d min \d\d s \(0\.0\d\d h\) \|', text)
    assert '| GPU-hours | 0.000 |' in text
    # the logo config has no ValidationLossHook; nothing else is lacking
    lacking = text.split('## What this work dir lacks')[1].split('##')[0]
    assert lacking.strip() == ('- the validation loss: not logged (no ValidationLossHook in the '
                               'config)')
    # the recipe comes from the saved config
    assert 'MobileNetV2' in text and 'DiceLoss' in text and 'RandomFlip' in text
    best = re.search(r'(best_image_iou_iter_[24]\.pth): best by validation image_iou', text)
    assert best and (run / best.group(1)).is_file()
    score = float(re.search(r'\| image_iou \| ([\d.]+) \|', text).group(1))
    # the samples go through the inference path; their mean IoU is the validation's image_iou
    mean = float(re.search(r'per-image IoU; mean ([\d.]+)\)', text).group(1))
    assert mean == pytest.approx(score / 100, abs=0.006)
    linked = figures_of(text)
    assert linked == ['loss.png', 'metric.png', 'samples_best.png', 'samples_worst.png']
    for name in linked:
        with Image.open(out / name) as image:
            image.load()
    page = (out / 'report.html').read_text()
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) == len(linked) and 'href=' not in page
    for source in sources:
        assert source.startswith('data:image/png;base64,')
        with Image.open(io.BytesIO(base64.b64decode(source.split(',', 1)[1]))) as image:
            image.load()
    assert f'{parameter_count:,}' in page and cpu_model() in page


def test_a_run_without_a_record_gets_a_report_that_says_so(run, parameter_count, tmp_path):
    old = tmp_path / 'old_run'
    shutil.copytree(run, old, ignore=shutil.ignore_patterns('run_record.json', 'report*'))
    assert tool('report').main([str(old)]) == 0
    text = (old / 'report' / 'report.md').read_text()
    assert 'What this work dir lacks' in text and 'no run record' in text
    assert 'Hardware: not recorded' in text
    assert 'Wall time estimated from the first and last log lines' in text
    # the count is recomputed from the saved config, and says so
    assert f'Trainable parameters: {parameter_count:,}' in text
    assert 'computed now from the saved config (no run record)' in text


def test_an_interrupted_run_is_reported_as_unfinished(run, tmp_path):
    copy = tmp_path / 'cut'
    shutil.copytree(run, copy, ignore=shutil.ignore_patterns('*.pth'))
    [path] = copy.glob('*/run_record.json')
    record = json.loads(path.read_text())
    record['finished'] = None
    path.write_text(json.dumps(record))
    assert tool('report').main([str(copy)]) == 0
    text = (copy / 'report' / 'report.md').read_text()
    assert f"not finished; last progress at {record['updated']}" in text
    assert 'did not finish' in text and 'checkpoints: none in the work dir' in text


def test_report_refuses_a_folder_that_is_no_run(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        tool('report').main([str(tmp_path)])
    assert 'holds no training run' in str(exit_info.value)
    assert list(tmp_path.iterdir()) == []
