"""Shared fixtures: tiny logo datasets and a briefly trained checkpoint, made on the fly."""
import importlib.util
import logging
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
CPU_CONFIG = ROOT / 'configs' / 'logo' / 'unet_mobilenetv2_cpu.py'


def run_tool(*args, check=True, cwd=ROOT):
    """Run a repository script in a subprocess, as a user would; returns CompletedProcess."""
    result = subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True,
                            text=True)
    if check and result.returncode != 0:
        raise AssertionError(f'{args} failed ({result.returncode}):\n{result.stdout}\n'
                             f'{result.stderr}')
    return result


class _CurrentStdout:
    """sys.stdout as it is now: capsys replaces it for each test."""

    def write(self, text):
        return sys.stdout.write(text)

    def flush(self):
        sys.stdout.flush()


@pytest.fixture(autouse=True)
def _loggers_write_to_the_current_stdout():
    """mmengine's loggers live for the whole process and keep the stream of the test that
    made them, which capsys has closed by the time a later in-process tool logs: Python then
    prints a 'Logging error' traceback into that tool's stderr."""
    from mmengine.logging import MMLogger
    for logger in list(MMLogger._instance_dict.values()):
        for handler in logger.handlers:
            if type(handler) is logging.StreamHandler and getattr(handler.stream, 'closed', False):
                handler.stream = _CurrentStdout()  # setStream would flush the closed one
    yield


_TOOLS = {}


def load_tool(path):
    """A repository script (infer.py, tools/*.py) imported as a module, once per path."""
    path = Path(path)
    if path not in _TOOLS:
        spec = importlib.util.spec_from_file_location(f'tool_{path.stem}', path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _TOOLS[path] = module
    return _TOOLS[path]


def call_tool(capsys, path, *args, check=True):
    """Run a script's `main(argv)` in this process, as its command line would: returns
    returncode (SystemExit's, as the interpreter would map it), stdout, stderr and the value
    main returned. Use run_tool only where the command line itself is the contract."""
    value = None
    try:
        value = load_tool(path).main([str(a) for a in args])
        code = value if isinstance(value, int) else 0
    except SystemExit as stop:
        code = stop.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
            code = 1
        code = code or 0
    captured = capsys.readouterr()
    result = SimpleNamespace(returncode=code, stdout=captured.out, stderr=captured.err,
                             value=value)
    if check and code != 0:
        raise AssertionError(f'{path} {args} failed ({code}):\n{result.stdout}\n{result.stderr}')
    return result


def tiny_train_options(data_root: Path, max_iters: int = 2) -> list:
    """--cfg-options that shrink the CPU config to a few seconds of work."""
    return ['--cfg-options', f'data_root={data_root}', f'train_cfg.max_iters={max_iters}',
            'train_cfg.val_interval=2', 'default_hooks.checkpoint.interval=2',
            'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
            'train_dataloader.persistent_workers=False', 'val_dataloader.num_workers=0',
            'val_dataloader.persistent_workers=False', 'test_dataloader.num_workers=0',
            'test_dataloader.persistent_workers=False', 'default_hooks.logger.interval=1']


@pytest.fixture(scope='session')
def logo_data(tmp_path_factory) -> Path:
    """data_root with train/ (6 images), val/ (3 images) and the later stages' train2/ to
    train5/ (2 images each, dead-leaves backgrounds from train3 on), and the Mila recipe's
    mila_train/ (2, with its training options) and mila_val/ (2), in the challenge's layout."""
    from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
    root = tmp_path_factory.mktemp('logo')
    make_logo_dataset(root / 'train', 6, seed=1, progress=False)
    make_logo_dataset(root / 'train2', 2, seed=10, progress=False)
    make_logo_dataset(root / 'train3', 2, seed=20, progress=False, dead_leaves=0.5)
    make_logo_dataset(root / 'train4', 2, seed=30, progress=False, dead_leaves=0.75)
    make_logo_dataset(root / 'train5', 2, seed=40, progress=False, dead_leaves=0.6)
    make_logo_dataset(root / 'val', 3, seed=2, progress=False)
    make_logo_dataset(root / 'mila_train', 2, seed=50, progress=False, dead_leaves=0.5,
                      vary_colour=True, distractors=0.3)
    make_logo_dataset(root / 'mila_val', 2, seed=1, progress=False)
    return root


@pytest.fixture(scope='session')
def trained_run(logo_data, tmp_path_factory) -> Path:
    """A work dir after 2 training iterations of the CPU config (checkpoint iter_2.pth)."""
    work_dir = tmp_path_factory.mktemp('run')
    load_tool(ROOT / 'tools' / 'train.py').main(
        [str(a) for a in (CPU_CONFIG, '--work-dir', work_dir, *tiny_train_options(logo_data))])
    assert (work_dir / 'iter_2.pth').is_file()
    return work_dir


@pytest.fixture(scope='session')
def face_data(tmp_path_factory) -> Path:
    """Synthetic faces in the CelebAMask-HQ course layout: 6 train, 3 val, 2 test (128 px)."""
    from mmseg_custom.data.face_synth import make_face_dataset
    root = tmp_path_factory.mktemp('faces')
    make_face_dataset(root, 'train', 6, seed=1)
    make_face_dataset(root, 'val', 3, seed=2)
    make_face_dataset(root, 'test', 2, seed=3, with_masks=False)
    return root


# The fixture whose data each dataset type reads (tests/test_configs.py builds every config on it).
DATA_FIXTURES = {'LogoDataset': 'logo_data', 'BirdsDataset': 'birds_data',
                 'BinaryFolderDataset': 'unet_lab_data', 'CelebAMaskDataset': 'face_data',
                 'CheckedPascalVOCDataset': 'voc_devkit', 'VOC2009KaggleDataset': 'voc_kaggle'}


@pytest.fixture(scope='session')
def birds_data(tmp_path_factory) -> Path:
    """data_root with train/ (8 birds) and val/ (4) as images/<class>/*.jpg + segmentations/."""
    from mmseg_custom.data.synthetic_birds import make_birds_dataset
    root = tmp_path_factory.mktemp('birds')
    make_birds_dataset(root / 'train', 8, seed=1, size_range=(64, 96), progress=False)
    make_birds_dataset(root / 'val', 4, seed=2, size_range=(64, 96), progress=False)
    return root


@pytest.fixture(scope='session')
def unet_lab_data(tmp_path_factory) -> Path:
    """data_root with train/ (4), val/ (2), test/ (2) as images/ + masks/ (the lab's layout)."""
    from mmseg_custom.data.synthetic_birds import make_birds_dataset
    root = tmp_path_factory.mktemp('unet_lab')
    for split, num, seed in (('train', 4, 3), ('val', 2, 4), ('test', 2, 5)):
        make_birds_dataset(root / split, num, seed=seed, mask_folder='masks',
                           size_range=(64, 96), progress=False)
    return root


VOC_TINY_CONFIG = ROOT / 'configs' / 'voc2009' / 'unet_mobilenetv2_tiny_cpu.py'


@pytest.fixture(scope='session')
def voc_devkit(tmp_path_factory) -> Path:
    """A VOC2009 folder in the devkit layout: 16 train and 4 val synthetic images, 64x80."""
    from mmseg_custom.data.voc_synthetic import make_voc_devkit
    return make_voc_devkit(tmp_path_factory.mktemp('voc'), {'train': 16, 'val': 4}, seed=5)


@pytest.fixture(scope='session')
def voc_checkpoint(voc_devkit, tmp_path_factory) -> Path:
    """The tiny VOC config trained for its 30 iterations on `voc_devkit` (segmentation and
    classification heads)."""
    work_dir = tmp_path_factory.mktemp('voc_run')
    load_tool(ROOT / 'tools' / 'train.py').main(
        [str(VOC_TINY_CONFIG), '--work-dir', str(work_dir), '--cfg-options',
         f'data_root={voc_devkit}'])
    checkpoint = work_dir / 'iter_30.pth'
    assert checkpoint.is_file()
    return checkpoint


@pytest.fixture(scope='session')
def voc_kaggle(tmp_path_factory) -> Path:
    """A folder shaped like the VOC 2009 Kaggle competition: 20 train and 5 test images of
    their own sizes (65..97 px a side), Ids shuffled."""
    from mmseg_custom.data.voc_synthetic import make_voc_kaggle
    return make_voc_kaggle(tmp_path_factory.mktemp('voc_kaggle'), 20, 5, seed=5)
