"""Test a checkpoint on a config's test set: MMSegmentation 1.x's test.py contract.

Examples:
  python tools/test.py configs/logo/mobilenetv2_unet_cpu.py CKPT --cfg-options data_root=data/logo
  python tools/test.py CONFIG CKPT --show-dir overlays     # one overlay picture per test image
  python tools/test.py CONFIG CKPT --out preds --tta       # predicted masks, test-time augmentation
"""
import argparse
import os

from mmengine.config import Config

from mmseg_custom.checkpoint_loading import check_config_fits
from mmseg_custom.cli import RUNNER_USER_ERRORS, run, user_errors
from mmseg_custom.config_overrides import OverrideAction, load_runner_config
from mmseg_custom.file_output import prepare_folder
from mmseg_custom.runner import build_runner
from mmseg_custom.visualization import use_checked_image_writes

# The metrics that write one predicted mask per image into their `output_dir`.
MASK_WRITING_METRICS = ('IoUMetric', 'BinaryMetric')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='where the metrics log goes '
                        '(default: work_dirs/<config name>)')
    parser.add_argument('--out', help='folder to write the predicted masks to')
    parser.add_argument('--show', action='store_true', help='show results in a window')
    parser.add_argument('--show-dir', help='folder to write an overlay picture of every '
                        'test image to')
    parser.add_argument('--wait-time', type=float, default=2, help='seconds per shown image')
    parser.add_argument('--cfg-options', nargs='+', action=OverrideAction,
                        help='override config keys, e.g. data_root=/data/logo')
    parser.add_argument('--tta', action='store_true', help='test-time augmentation')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def enable_visualization(cfg: Config, args) -> None:
    """Draw every test image (the hook's default draws one in 50)."""
    hook = cfg.default_hooks.get('visualization')
    if hook is None:
        raise ValueError('--show/--show-dir need default_hooks.visualization '
                           "(dict(type='SegVisualizationHook')) in the config")
    hook.update(draw=True, interval=1)
    if args.show:
        hook.update(show=True, wait_time=args.wait_time)
    if args.show_dir:
        prepare_folder(args.show_dir)
        cfg.visualizer.save_dir = args.show_dir
        use_checked_image_writes(cfg.visualizer)


def write_masks_to(cfg: Config, out: str) -> None:
    """Point the mask-writing metric(s) of test_evaluator (one or a list) at `out`, a folder
    that must be writable before the test starts."""
    prepare_folder(out)
    evaluators = cfg.test_evaluator
    evaluators = evaluators if isinstance(evaluators, (list, tuple)) else [evaluators]
    writers = [e for e in evaluators if e.get('type') in MASK_WRITING_METRICS]
    if not writers:
        raise ValueError('--out needs a test_evaluator of type '
                         f'{" or ".join(MASK_WRITING_METRICS)}')
    for evaluator in writers:
        evaluator['output_dir'] = out


def build_config(args) -> Config:
    """The Runner's config; the checkpoint must fit its model before anything is written
    (mmengine's Runner would only warn and test random weights)."""
    cfg = load_runner_config(args.config, args.cfg_options, args.launcher, args.work_dir)
    check_config_fits(cfg, args.checkpoint, args.config)
    cfg.load_from = args.checkpoint
    if args.show or args.show_dir:
        enable_visualization(cfg, args)
    if args.tta:
        if cfg.get('tta_model') is None or cfg.get('tta_pipeline') is None:
            raise ValueError(f'--tta needs tta_model and tta_pipeline in {args.config}')
        cfg.test_dataloader.dataset.pipeline = cfg.tta_pipeline
        cfg.tta_model.module = cfg.model
        cfg.model = cfg.tta_model
    if args.out is not None:
        write_masks_to(cfg, args.out)
    return cfg


def main(argv=None) -> dict:
    args = parse_args(argv)
    with user_errors():
        cfg = build_config(args)
    with user_errors(RUNNER_USER_ERRORS):
        return build_runner(cfg).test()


if __name__ == '__main__':
    run(main)
