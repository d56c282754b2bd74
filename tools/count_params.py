"""Count a config's trainable parameters, as the course's report asks:
sum(p.numel() for p in model.parameters() if p.requires_grad).

The model is built from the config alone (no weights are loaded or downloaded).

Example: python tools/count_params.py configs/celebamask/segformer_b2.py
"""
import argparse
import sys
import warnings
from pathlib import Path

from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS


def count_trainable(model) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', type=Path, help='model config file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config keys, e.g. model.decode_head.num_classes=19')
    args = parser.parse_args(argv)
    if not args.config.is_file():
        sys.exit(f'error: config {args.config} does not exist')
    cfg = Config.fromfile(str(args.config))
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        model = MODELS.build(cfg.model)
    count = count_trainable(model)
    print(f'{count} trainable parameters ({count / 1e6:.2f} M) in {args.config}')
    return count


if __name__ == '__main__':
    main()
