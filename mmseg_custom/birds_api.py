"""The birds challenge's Python API (the bird segmentation assignment's segmentation.py):
`predict(model, img_path)` and `train_model(train_data_path)`, for binary (background/object)
models.

    from mmseg_custom.birds_api import load_model, predict, train_model
    model = train_model('data/birds/train')                # or load_model(config, checkpoint)
    probabilities = predict(model, 'bird.jpg')             # float32 HxW in [0, 1]

Both go through the project's one inference path (`mmseg_custom.inference`) and the stock
mmengine Runner, so a model trained here behaves exactly like one from tools/train.py.
"""
from pathlib import Path
from typing import Optional, Union

import numpy as np
import torch

from mmseg_custom.config_overrides import load_runner_config
from mmseg_custom.image_io import UnreadableImageError
from mmseg_custom.inference import Failure, foreground_probabilities, load_model, predict_files
from mmseg_custom.runner import build_runner

__all__ = ['BIRDS_CONFIG', 'load_model', 'predict', 'train_model']

# The recipe train_model follows by default. It lives in the repository's configs/, not in the
# installed package: from an installed copy pass `config=` (train_model says so).
BIRDS_CONFIG = Path(__file__).resolve().parents[1] / 'configs' / 'birds' / 'unet_lab-small.py'


def predict(model: torch.nn.Module, img_path: Union[str, Path]) -> np.ndarray:
    """Foreground probabilities of one image: float32, H x W of the image itself, in [0, 1].

    Grayscale, RGBA and 16-bit images are converted to 8-bit BGR first. With two output
    channels the probability is channel 1 of their softmax; with one, the sigmoid output.
    """
    img_path = Path(img_path)
    if not img_path.is_file():
        raise FileNotFoundError(f'image {img_path} does not exist')
    model.eval()
    result = next(iter(predict_files(model, [img_path], batch_size=1, num_workers=0)))
    if isinstance(result, Failure):
        raise UnreadableImageError(result.reason)
    probabilities = foreground_probabilities(result)
    return probabilities.cpu().numpy().astype(np.float32)


def _point_split(cfg, split: str, folder: Path, mask_folder: str) -> None:
    dataset = cfg[split]['dataset']
    dataset['data_root'] = str(folder)
    dataset['data_prefix'] = dict(img_path='images', seg_map_path=mask_folder)
    dataset['ann_file'] = ''


def train_model(train_data_path: Union[str, Path], val_data_path: Optional[Union[str, Path]] = None,
                config: Union[str, Path] = BIRDS_CONFIG,
                work_dir: Union[str, Path] = 'work_dirs/train_model',
                mask_folder: str = 'segmentations',
                cfg_options: Optional[dict] = None) -> torch.nn.Module:
    """Train `config`'s model (birds/unet_lab-small.py by default) on a folder in the CUB layout
    (images/<class>/*.jpg and <mask_folder>/<class>/*.png) and return it in eval mode,
    ready for `predict`. Checkpoints and logs go to `work_dir`; without `val_data_path`
    no validation runs (and no best checkpoint is chosen)."""
    train_data_path = Path(train_data_path)
    if not (train_data_path / 'images').is_dir():
        raise FileNotFoundError(f'{train_data_path} has no images/ folder; expected the CUB '
                                f'layout images/<class>/*.jpg with {mask_folder}/<class>/*.png')
    if not Path(config).is_file():
        raise FileNotFoundError(f'config {config} does not exist' + (
            '; it belongs to the repository, not the installed package: pass config=' if
            Path(config) == BIRDS_CONFIG else ''))
    cfg = load_runner_config(str(config), cfg_options, work_dir=str(work_dir))
    _point_split(cfg, 'train_dataloader', train_data_path, mask_folder)
    if val_data_path is None:
        cfg.val_dataloader = cfg.val_cfg = cfg.val_evaluator = None
        cfg.default_hooks.checkpoint.pop('save_best', None)
        cfg.default_hooks.checkpoint.pop('rule', None)
    else:
        _point_split(cfg, 'val_dataloader', Path(val_data_path), mask_folder)
    cfg.test_dataloader = cfg.test_cfg = cfg.test_evaluator = None
    runner = build_runner(cfg)
    model = runner.train()
    model.cfg = cfg  # what predict() reads the test pipeline from, as init_model sets it
    model.dataset_meta = runner.train_dataloader.dataset.metainfo
    return model.eval()
