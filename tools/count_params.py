"""Count a config's trainable parameters, as the course's report asks:
sum(p.numel() for p in model.parameters() if p.requires_grad).

The model is built from the config alone (no weights are loaded or downloaded).

Example: python tools/count_params.py configs/celebamask/segformer_mit-b2.py
"""
import argparse
from pathlib import Path

import mmseg_custom  # noqa: F401  (registers the project's models)
from mmseg_custom.checkpoint_loading import build_model_of
from mmseg_custom.cli import run, user_errors
from mmseg_custom.config_overrides import OverrideAction, check_option_keys, read_config
from mmseg_custom.reporting.run_record import trainable_parameters


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', type=Path, help='model config file')
    parser.add_argument('--cfg-options', nargs='+', action=OverrideAction,
                        help='override config keys, e.g. model.decode_head.num_classes=19')
    args = parser.parse_args(argv)
    with user_errors():
        cfg = read_config(args.config)
        if args.cfg_options:
            check_option_keys(cfg, args.cfg_options)
            cfg.merge_from_dict(args.cfg_options)
    count = trainable_parameters(build_model_of(cfg))
    print(f'{count} trainable parameters ({count / 1e6:.2f} M) in {args.config}')


if __name__ == '__main__':
    run(main)
