"""Loading a config the way the command-line runners do, with the overrides they share."""
import os.path as osp
from typing import Optional

from mmengine.config import Config

DATALOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def propagate_data_root(cfg: Config) -> None:
    """Copy the top-level `data_root` into every dataloader's dataset.

    Configs write `data_root=data_root` inside each dataset dict, which Python evaluates
    when the file is parsed, so `--cfg-options data_root=X` alone would change nothing.
    Wrapped datasets (RepeatDataset's `dataset`, ConcatDataset's `datasets`) are followed.
    """
    root = cfg.get('data_root')
    if root is None:
        return
    for name in DATALOADERS:
        if cfg.get(name) is not None:
            _set_root(cfg[name]['dataset'], root)


def _set_root(dataset: dict, root: str) -> None:
    if 'dataset' in dataset:
        _set_root(dataset['dataset'], root)
    elif 'datasets' in dataset:
        for child in dataset['datasets']:
            _set_root(child, root)
    else:
        dataset['data_root'] = root


def load_runner_config(path: str, cfg_options: Optional[dict] = None, launcher: str = 'none',
                       work_dir: Optional[str] = None) -> Config:
    """Config file + `--cfg-options` + launcher + work dir, in MMSegmentation's precedence:
    the work dir from the command line, else the config's, else work_dirs/<config name>.
    """
    cfg = Config.fromfile(path)
    cfg.launcher = launcher
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
        if 'data_root' in cfg_options:
            propagate_data_root(cfg)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(path))[0])
    return cfg
