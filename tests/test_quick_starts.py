"""Every guide's quick start, run as written on tiny synthetic data, and every split the guides
generate checked for its own seed and its own images.

A quick start is the first fenced bash block under a guide's "## Quick start". The test changes
only the values of the block's own variables (where the competition's files are; the config,
where the guide's default needs a download or a GPU and names the offline alternative) and
adds `--iters N` to `tools/train.py`, the trial-run option the guides show. Everything else
runs as printed, with `python` the test's interpreter, in a folder that links the repository's
`infer.py`, `tools/` and `configs/`, so the commands' relative paths work and their outputs
stay in the test's folder.
"""
import hashlib
import importlib
import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from mmengine.config import Config

from conftest import ROOT, load_tool
from mmseg_custom.config_overrides import shorten_schedule
from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
from mmseg_custom.data.synthetic_birds import make_birds_dataset
from mmseg_custom.data.face_synth import make_face_dataset
from mmseg_custom.data.voc_synthetic import make_voc_kaggle

GUIDES = {name: ROOT / 'configs' / name / 'README.md'
          for name in ('logo', 'celebamask', 'voc2009', 'unet_lab', 'birds')}
FENCE = re.compile(r'```bash\n(.*?)```', re.S)


def section(guide: Path, heading: str) -> str:
    text = guide.read_text()
    start = text.index(f'\n## {heading}\n')
    end = text.find('\n## ', start + 1)
    return text[start:end if end > 0 else None]


def first_block(guide: Path, heading: str) -> str:
    found = FENCE.search(section(guide, heading))
    assert found, f'{guide}: no bash block under "## {heading}"'
    return found.group(1)


def set_variables(block: str, values: dict) -> str:
    """The block with its own `NAME=value` lines given the test's values."""
    for name, value in values.items():
        block, count = re.subn(rf'^{name}=\S+', f'{name}={shlex.quote(str(value))}', block,
                               flags=re.M)
        assert count == 1, f'the quick start sets no variable {name}'
    return block


def shorten_training(block: str, iters: int) -> str:
    block, count = re.subn(r'(tools/train\.py \S+)', rf'\1 --iters {iters}', block)
    assert count >= 1, 'the quick start trains nothing'
    return block


def run_block(block: str, folder: Path) -> subprocess.CompletedProcess:
    """Run `block` with bash in `folder` (which links the repository's entry points)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ('infer.py', 'tools', 'configs'):
        if not (folder / name).exists():
            (folder / name).symlink_to(ROOT / name)
    bin_dir = folder / '.bin'
    bin_dir.mkdir(exist_ok=True)
    python = bin_dir / 'python'  # a script, not a link: a venv's python finds its venv so
    python.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
    python.chmod(0o755)
    env = dict(os.environ, PATH=f'{bin_dir}{os.pathsep}{os.environ["PATH"]}',
               PYTHONPATH=str(ROOT), WANDB_MODE='offline', MPLBACKEND='Agg')
    result = subprocess.run(['bash', '-euc', block], cwd=folder, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, (f'the guide\'s block failed ({result.returncode}):\n{block}\n'
                                    f'{result.stdout[-3000:]}\n{result.stderr[-5000:]}')
    return result


def test_shorten_schedule_keeps_a_validation_a_checkpoint_and_a_valid_schedule():
    cfg = Config.fromfile(str(ROOT / 'configs' / 'voc2009' / 'unet_mobilenetv2_scratch_kaggle.py'))
    shorten_schedule(cfg, 20)
    assert cfg.train_cfg.max_iters == 20 and cfg.train_cfg.val_interval == 20
    assert cfg.default_hooks.checkpoint.interval == 20
    assert all(s['begin'] < s['end'] <= 20 for s in cfg.param_scheduler)
    assert cfg.param_scheduler[0]['end'] == 1  # the 500-of-20,000 warm-up, in proportion


def test_logo_quick_start(tmp_path):
    data = make_logo_dataset(tmp_path / 'challenge', 2, seed=4343, background_set='heldout',
                             progress=False)
    block = set_variables(first_block(GUIDES['logo'], 'Quick start'),
                          {'IMAGES': data / 'img', 'MASKS': data / 'mask'})
    result = run_block(block, tmp_path / 'run')
    names = sorted(p.name for p in (data / 'img').iterdir())
    assert sorted(p.name for p in (tmp_path / 'run' / 'work_dirs' / 'masks').iterdir()) == names
    assert 'iou' in result.stdout.lower()


def test_face_quick_start_writes_the_codalab_zip(tmp_path):
    for offset, (split, num) in enumerate((('train', 4), ('val', 2), ('test', 2))):
        make_face_dataset(tmp_path / 'faces', split, num, seed=30 + offset, size=512,
                          with_masks=split != 'test')
    block = first_block(GUIDES['celebamask'], 'Quick start')
    assert 'configs/celebamask/unet_mobilenetv2_cpu.py' in block  # the CPU choice it names
    block = set_variables(block, {'C': tmp_path / 'faces',
                                  'CONFIG': 'configs/celebamask/unet_mobilenetv2_cpu.py'})
    result = run_block(shorten_training(block, 2), tmp_path / 'run')
    assert 'mIoU' in result.stdout + result.stderr
    with zipfile.ZipFile(tmp_path / 'run' / 'submission.zip') as archive:
        assert sorted(archive.namelist()) == ['masks/0.png', 'masks/1.png']
    # the Submission section's commands, with the quick start's variables
    setup = (f"C={tmp_path / 'faces'}\nCONFIG=configs/celebamask/unet_mobilenetv2_cpu.py\n"
             'CKPT=$(ls -t work_dirs/faces/best_mIoU_iter_*.pth | head -1)\n')
    result = run_block(setup + first_block(GUIDES['celebamask'], 'Submission'), tmp_path / 'run')
    assert 'mIoU' in result.stdout and 'missing' not in result.stdout + result.stderr


@pytest.fixture(scope='module')
def voc_run(tmp_path_factory):
    """The VOC quick start, run once on a synthetic competition folder."""
    root = tmp_path_factory.mktemp('voc_quick_start')
    competition = make_voc_kaggle(root / 'competition', 10, 3, seed=7)
    values = {'C': competition,
              'CONFIG': 'configs/voc2009/unet_mobilenetv2_scratch_kaggle.py'}
    block = first_block(GUIDES['voc2009'], 'Quick start')
    assert 'unet_mobilenetv2_scratch_kaggle.py' in block  # the offline choice it names
    run_block(shorten_training(set_variables(block, values), 2), root / 'run')
    return root, values


def test_voc_quick_start_writes_the_test_rows_in_the_csv_order(voc_run):
    root, values = voc_run
    ids = [line.split(',')[0] for line in
           (values['C'] / 'test' / 'test_set.csv').read_text().splitlines()[1:]]
    rows = (root / 'run' / 'submission.csv').read_text().splitlines()
    assert rows[0] == 'Id,Predicted'
    assert [row.split(',')[0] for row in rows[1:]] == [
        f'{i}_{part}' for i in ids for part in ('classification', 'segmentation')]


def test_voc_report_draws_npy_samples_and_the_competition_metric(voc_run):
    root, values = voc_run
    block = 'C={C}\nCONFIG={CONFIG}\n'.format(**values) + \
        first_block(GUIDES['voc2009'], 'Report')
    run_block(block, root / 'run')
    report = (root / 'run' / 'reports' / 'voc' / 'report.md').read_text()
    assert (root / 'run' / 'reports' / 'voc' / 'samples_best.png').is_file()
    assert 'kaggle_dice' in report


def test_birds_quick_start_writes_the_checkers_two_files(tmp_path):
    make_birds_dataset(tmp_path / 'birds' / 'train', 4, seed=40, progress=False)
    make_birds_dataset(tmp_path / 'birds' / 'test', 2, seed=41, progress=False)
    block = set_variables(first_block(GUIDES['birds'], 'Quick start'), {'B': tmp_path / 'birds'})
    run_block(shorten_training(block, 2), tmp_path / 'run')
    submission = tmp_path / 'run' / 'submission'
    assert sorted(p.name for p in submission.iterdir()) == ['segmentation.py',
                                                             'segmentation_model.pth']


def test_unet_lab_quick_start_tests_and_reports_the_training_run(tmp_path):
    for split, num, seed in (('train', 2, 50), ('val', 1, 51), ('test', 1, 52)):
        make_birds_dataset(tmp_path / 'lab' / split, num, seed=seed, mask_folder='masks',
                           size_range=(48, 64), progress=False)
    block = first_block(GUIDES['unet_lab'], 'Quick start')
    assert 'configs/unet_lab/unet_lab-small_deconv_cpu.py' in block  # the CPU choice it names
    block = set_variables(block, {'L': tmp_path / 'lab',
                                  'CONFIG': 'configs/unet_lab/unet_lab-small_deconv_cpu.py'})
    result = run_block(shorten_training(block, 2), tmp_path / 'run')
    assert 'f1' in (result.stdout + result.stderr).lower()  # the test's metrics
    report = (tmp_path / 'run' / 'work_dirs' / 'lab' / 'report' / 'report.md')
    text = report.read_text()
    # the test.py session in the same work dir names its checkpoint in load_from; the report
    # describes the training session, which started from scratch
    assert 'trained from scratch' in text and 'started from load_from' not in text


# ---- every generated split has its own seed and its own images ----

GENERATOR = re.compile(r'python (?:tools/make_(?:logo|birds|face)_dataset\.py|-m mmseg_custom\.'
                       r'data\.voc_synthetic)\s(?:[^\n]*\\\n)*[^\n]*')
SMALL = {'--num': '2', '--train': '2', '--val': '2', '--test': '2', '--workers': '1'}


def generator_commands(guide: Path) -> list:
    """The split generators of a guide's bash blocks, as argument lists without `python`."""
    commands = []
    for block in FENCE.findall(guide.read_text()):
        for found in GENERATOR.finditer(block):
            lines = found.group(0).replace('\\\n', ' ')
            commands.append(shlex.split(lines, comments=True)[1:])
    return commands


def parts(args: list):
    """(generator, output folder, seed or None) of a generator's arguments."""
    generator = args[1] if args[0] == '-m' else args[0]
    rest = args[2:] if args[0] == '-m' else args[1:]
    seed = rest[rest.index('--seed') + 1] if '--seed' in rest else None
    return generator, rest[0], seed


def small(args: list, out_root: Path) -> list:
    """The same command with two images per split, writing under out_root."""
    generator, output, _ = parts(args)
    args = [str(out_root / a) if a == output else a for a in args]
    return [SMALL.get(args[i - 1], a) if i else a for i, a in enumerate(args)]


def generate(args: list) -> None:
    """Run a generator in this process (its imports are paid once for all guides)."""
    if args[0] == '-m':
        importlib.import_module(args[1]).main(args[2:])
    else:
        load_tool(ROOT / args[0]).main(args[1:])


def image_digests(folder: Path) -> dict:
    """{digest of the image's content: path} for the images (not masks) under folder."""
    digests = {}
    for path in sorted(folder.rglob('*')):
        if path.suffix in ('.jpg', '.npy') and path.parent.name in ('img', 'images') or \
                path.parent.name.endswith('_image') or path.parent.parent.name == 'images':
            content = np.load(path).tobytes() if path.suffix == '.npy' else path.read_bytes()
            digests.setdefault(hashlib.sha1(content).hexdigest(), path)
    return digests


@pytest.mark.parametrize('name', sorted(GUIDES))
def test_every_generated_split_has_its_own_seed_and_images(name, tmp_path):
    commands = generator_commands(GUIDES[name])
    assert commands, f'the {name} guide generates no data'
    seeds = {}
    for args in commands:
        generator, output, seed = parts(args)
        assert seed is not None, f'{name}: {output} is generated without --seed'
        assert (generator, seed) not in seeds, \
            f'{name}: {output} and {seeds[generator, seed]} share the seed {seed}'
        seeds[generator, seed] = output
    seen = {}
    for number, args in enumerate(commands):
        generate(small(args, tmp_path / str(number)))
        images = image_digests(tmp_path / str(number))
        assert images, f'{name}: {args} wrote no image the test recognises'
        for digest, path in images.items():
            assert digest not in seen, f'{name}: {path} repeats {seen[digest]}'
            seen[digest] = path


@pytest.mark.parametrize('name', sorted(GUIDES))
def test_every_guide_follows_the_template(name):
    text = GUIDES[name].read_text()
    headings = [line[3:] for line in text.splitlines() if line.startswith('## ')]
    assert headings == ['Quick start', 'Data', 'Recipes', 'Submission', 'Report', 'Limits']
    assert len(text.splitlines()) <= 250
    assert (GUIDES[name].parent / 'NOTES.md').is_file() == ('](NOTES.md' in text)
