"""Train a segmentor from a config: MMSegmentation 1.x's train.py contract, over mmengine's Runner.

Examples:
  python tools/train.py configs/logo/unet_mobilenetv2_cpu.py
  python tools/train.py configs/logo/segformer_mit-b2.py --amp --cfg-options data_root=/data/logo
  python tools/train.py CONFIG --resume              # continue from work_dir's last checkpoint
  python tools/train.py CONFIG --iters 20            # a trial run of the recipe, 20 iterations

One training at a time holds a work dir (a second one is refused, naming the first). A kill or
a full disk leaves the checkpoints whole: `--resume` goes on from the newest one (and runs a
validation the fault cut short).
"""
import argparse
import os
from contextlib import ExitStack

import torch
from mmengine.config import Config

from mmseg_custom.checkpoint_loading import (require_resumable_with, resume_point,
                                             saved_checkpoints)
from mmseg_custom.cli import run, user_errors
from mmseg_custom.config_overrides import OverrideAction, load_runner_config, shorten_schedule
from mmseg_custom.runner import build_runner, training_faults
from mmseg_custom.work_dir_lock import hold_work_dir


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


def apply_resume(cfg: Config, config_file: str) -> None:
    """`--resume` continues the work dir's own latest checkpoint, even when the config names
    `load_from` (as a config that fine-tunes a published checkpoint does): mmengine alone would
    resume from `load_from`, a slim weights file with no iteration or optimizer state. A work dir
    with no checkpoint yet starts afresh from `load_from`. `resume_point` says which file and
    checks it; a run of another config is refused."""
    point = resume_point(cfg.work_dir)
    cfg.resume = point is not None
    if point is not None:
        require_resumable_with(cfg, config_file, point, cfg.work_dir)
        print(point.how)
        cfg.load_from = point.checkpoint


def main(argv=None) -> None:
    args = parse_args(argv)
    with ExitStack() as held:
        with user_errors():
            cfg = build_config(args)
            held.enter_context(hold_work_dir(cfg.work_dir))
            cfg.resume = False
            if args.resume:
                apply_resume(cfg, args.config)
            elif saved_checkpoints(cfg.work_dir):
                print(f'note: {cfg.work_dir} holds checkpoints of an earlier run; this one starts '
                      f'afresh and replaces them (--resume would continue it)')
        with user_errors(), training_faults(cfg.work_dir):
            build_runner(cfg).train()


if __name__ == '__main__':
    run(main)
