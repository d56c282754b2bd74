"""Shrink a training checkpoint for shipping: keep the weights and the self-describing meta
(config text, classes, palette, iteration), drop optimizer, scheduler and message-hub state.

Example: python tools/publish_checkpoint.py work_dirs/run/iter_8000.pth mmseg_custom/assets/model.pth
"""
import argparse
from pathlib import Path

import torch

import mmseg_custom  # noqa: F401  (mmengine's local loader for torch >= 2.6)
from mmengine.runner import CheckpointLoader

KEPT_META = ('cfg', 'dataset_meta', 'iter', 'epoch', 'mmengine_version', 'time', 'seed')


def publish(source: Path, target: Path) -> Path:
    checkpoint = CheckpointLoader.load_checkpoint(str(source), map_location='cpu')
    meta = checkpoint.get('meta', {})
    if 'cfg' not in meta or 'dataset_meta' not in meta:
        raise ValueError(f'{source} lacks the config or dataset meta; publish checkpoints '
                         'written by tools/train.py')
    slim = dict(state_dict=checkpoint['state_dict'],
                meta={k: meta[k] for k in KEPT_META if k in meta})
    target.parent.mkdir(parents=True, exist_ok=True)
    torch.save(slim, target)
    return target


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('source', type=Path, help='checkpoint written during training')
    parser.add_argument('target', type=Path, help='slim checkpoint to write')
    args = parser.parse_args(argv)
    out = publish(args.source, args.target)
    print(f'wrote {out} ({out.stat().st_size / 2**20:.1f} MiB)')


if __name__ == '__main__':
    main()
