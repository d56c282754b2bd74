"""Shrink a training checkpoint for shipping: keep the weights and the self-describing meta
(config text, classes, palette, iteration), drop optimizer, scheduler and message-hub state.

--config embeds another config's text instead of the training one, e.g. when the inference
settings (test-time augmentation) changed after the run started. Its model must take the
weights exactly; that is checked before anything is written.

Example, for a run whose --work-dir was WORK_DIR and whose best checkpoint is iteration N:
    python tools/publish_checkpoint.py WORK_DIR/best_mIoU_iter_N.pth my_model.pth
"""
import argparse
from pathlib import Path
from typing import Optional

import mmseg_custom  # noqa: F401  (registers the models; mmengine's loader for torch >= 2.6)
from mmseg_custom.checkpoint_loading import (CheckpointError, build_model_of, read_checkpoint,
                                             require_fitting_weights, weights_of)
from mmseg_custom.cli import run, user_errors
from mmseg_custom.config_overrides import read_config
from mmseg_custom.file_output import torch_bytes, write_bytes_atomically

KEPT_META = ('cfg', 'dataset_meta', 'iter', 'epoch', 'mmengine_version', 'time', 'seed')


def publish(source: Path, target: Path, config: Optional[Path] = None) -> Path:
    if not source.is_file():
        raise FileNotFoundError(f'checkpoint {source} does not exist')
    checkpoint = read_checkpoint(source)
    meta = checkpoint.get('meta', {})
    if 'cfg' not in meta or 'dataset_meta' not in meta:
        raise CheckpointError(f'{source} lacks the config or dataset meta; publish checkpoints '
                              'written by tools/train.py')
    slim = dict(state_dict=checkpoint['state_dict'],
                meta={k: meta[k] for k in KEPT_META if k in meta})
    if config is not None:
        slim['meta']['cfg'] = config_fitting_weights(config, checkpoint, source)
    write_bytes_atomically(torch_bytes(slim), target)
    return target


def config_fitting_weights(config: Path, checkpoint: dict, source: Path) -> str:
    """The config's text, once its model is known to take every weight and need no other."""
    cfg = read_config(config)
    require_fitting_weights(build_model_of(cfg), weights_of(checkpoint), config, source)
    return cfg.pretty_text


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('source', type=Path, help='checkpoint written during training')
    parser.add_argument('target', type=Path, help='slim checkpoint to write')
    parser.add_argument('--config', type=Path,
                        help='config to embed instead of the training one (same model)')
    args = parser.parse_args(argv)
    with user_errors():
        out = publish(args.source, args.target, args.config)
    print(f'wrote {out} ({out.stat().st_size / 2**20:.1f} MiB)')


if __name__ == '__main__':
    run(main)
