"""Shrink a training checkpoint for shipping: keep the weights and the self-describing meta
(config text, classes, palette, iteration), drop optimizer, scheduler and message-hub state.

--config embeds another config's text instead of the training one, e.g. when the inference
settings (test-time augmentation) changed after the run started. Its model must take the
weights exactly; that is checked before anything is written.

Example: python tools/publish_checkpoint.py work_dirs/run/iter_8000.pth mmseg_custom/assets/model.pth
"""
import argparse
from pathlib import Path
from typing import Optional

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

import mmseg_custom  # noqa: F401  (registers the models; mmengine's loader for torch >= 2.6)
from mmengine.runner import CheckpointLoader

KEPT_META = ('cfg', 'dataset_meta', 'iter', 'epoch', 'mmengine_version', 'time', 'seed')


def publish(source: Path, target: Path, config: Optional[Path] = None) -> Path:
    checkpoint = CheckpointLoader.load_checkpoint(str(source), map_location='cpu')
    meta = checkpoint.get('meta', {})
    if 'cfg' not in meta or 'dataset_meta' not in meta:
        raise ValueError(f'{source} lacks the config or dataset meta; publish checkpoints '
                         'written by tools/train.py')
    slim = dict(state_dict=checkpoint['state_dict'],
                meta={k: meta[k] for k in KEPT_META if k in meta})
    if config is not None:
        slim['meta']['cfg'] = config_fitting_weights(config, checkpoint['state_dict'])
    target.parent.mkdir(parents=True, exist_ok=True)
    torch.save(slim, target)
    return target


def config_fitting_weights(config: Path, state_dict: dict) -> str:
    """The config's text, once its model is known to take every weight and need no other."""
    cfg = Config.fromfile(str(config))
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    model = MODELS.build(cfg.model)
    try:
        model.load_state_dict(state_dict, strict=True)
    except RuntimeError as error:
        raise ValueError(f"the model of {config} does not fit the checkpoint's weights: "
                         f'{error}') from None
    return cfg.pretty_text


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('source', type=Path, help='checkpoint written during training')
    parser.add_argument('target', type=Path, help='slim checkpoint to write')
    parser.add_argument('--config', type=Path,
                        help='config to embed instead of the training one (same model)')
    args = parser.parse_args(argv)
    try:
        out = publish(args.source, args.target, args.config)
    except ValueError as error:
        raise SystemExit(f'error: {error}')
    print(f'wrote {out} ({out.stat().st_size / 2**20:.1f} MiB)')


if __name__ == '__main__':
    main()
