"""Train a segmentor from a config: MMSegmentation 1.x's train.py contract, over mmengine's Runner.

Examples:
  python tools/train.py configs/logo/unet_mobilenetv2_cpu.py
  python tools/train.py configs/logo/segformer_mit-b2.py --amp --cfg-options data_root=/data/logo
  python tools/train.py CONFIG --resume              # continue from work_dir's last checkpoint
  python tools/train.py CONFIG --iters 20            # a trial run of the recipe, 20 iterations
"""
import argparse
import os

import torch
from mmengine.config import Config

from mmseg_custom.checkpoint_loading import resumable_checkpoint
from mmseg_custom.cli import run, user_errors
from mmseg_custom.config_overrides import OverrideAction, load_runner_config, shorten_schedule
from mmseg_custom.runner import build_runner


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='where logs and checkpoints go '
                        '(default: work_dirs/<config name>)')
    parser.add_argument('--resume', action='store_true',
                        help='resume from the latest checkpoint in the work dir')
    parser.add_argument('--amp', action='store_true',
                        help='automatic mixed precision: float16 on a GPU, bfloat16 on a CPU '
                        '(faster on CPUs with AVX512-BF16 or AMX)')
    parser.add_argument('--iters', type=int, metavar='N',
                        help='a trial run: N iterations, validating and saving at the end '
                        'at the latest (intervals and schedules shortened to fit)')
    parser.add_argument('--cfg-options', nargs='+', action=OverrideAction,
                        help='override config keys, e.g. train_cfg.max_iters=1000 '
                        'data_root=/data/logo')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher for distributed training')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def build_config(args) -> Config:
    cfg = load_runner_config(args.config, args.cfg_options, args.launcher, args.work_dir)
    if getattr(args, 'iters', None) is not None:
        shorten_schedule(cfg, args.iters)
    if args.amp:
        enable_amp(cfg, on_gpu=torch.cuda.is_available())
    apply_resume(cfg, args.resume)
    return cfg


def enable_amp(cfg: Config, on_gpu: bool) -> None:
    """float16 with loss scaling on a GPU (mmengine's AmpOptimWrapper, which needs one);
    bfloat16 autocast on a CPU (CpuBf16OptimWrapper)."""
    amp_type = 'AmpOptimWrapper' if on_gpu else 'CpuBf16OptimWrapper'
    if cfg.optim_wrapper.get('type') == amp_type:
        print('AMP is already enabled in the config')
        return
    cfg.optim_wrapper.type = amp_type
    if on_gpu:
        cfg.optim_wrapper.loss_scale = 'dynamic'


def apply_resume(cfg: Config, resume: bool) -> None:
    """`--resume` continues the work dir's own latest checkpoint, even when the config names
    `load_from` (as a config that fine-tunes a published checkpoint does): mmengine alone would
    resume from `load_from`, a slim weights file with no iteration or optimizer state. A work dir
    with no checkpoint yet starts afresh from `load_from`; `resumable_checkpoint` says which file
    and checks it."""
    latest = resumable_checkpoint(cfg.work_dir) if resume else None
    cfg.resume = latest is not None
    if latest is not None:
        cfg.load_from = latest


def main(argv=None) -> None:
    args = parse_args(argv)
    with user_errors():
        build_runner(build_config(args)).train()


if __name__ == '__main__':
    run(main)
