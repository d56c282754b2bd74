"""Config overrides that mmengine's `--cfg-options` cannot express on their own."""
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
