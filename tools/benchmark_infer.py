"""Images per second of infer.py's path, stage by stage, on the same images in one run: the
forward pass alone, --no-tta --no-fit-logo, the TTA without the fit, the full default path
(TTA and logo fit), and a plain loop over mmseg.apis.inference_model, each with its ratio to
the forward pass and to its own limit (one forward pass per image, or one per TTA view), then
the default path's seconds per image (a benchmark: it prints, it asserts nothing). Defaults
are infer.py's.

Example: python tools/benchmark_infer.py --num 32
"""
import argparse
import tempfile
from pathlib import Path

import torch

from mmseg_custom.benchmark import benchmark, format_table
from mmseg_custom.cli import run, user_errors
from mmseg_custom.image_io import require_images
from mmseg_custom.inference import load_model
from mmseg_custom.logo_fit import LogoFitter, load_logo_alpha
from mmseg_custom.shipped_models import LOGO_CHECKPOINT, LOGO_TEMPLATE


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--images', type=Path, help='folder of images (default: synthetic)')
    parser.add_argument('--num', type=int, default=32, help='synthetic images to make')
    parser.add_argument('--checkpoint', default=str(LOGO_CHECKPOINT))
    parser.add_argument('--config', help='default: the config inside the checkpoint')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--batch-size', type=int, default=1)
    parser.add_argument('--workers', type=int, default=0, help='image decoding processes')
    parser.add_argument('--fit-workers', type=int,
                        help='logo-fit processes on the CPU (default: one per core)')
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        with user_errors():
            if args.images is None:
                from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
                args.images = make_logo_dataset(Path(scratch), args.num, seed=123,
                                                background_set='heldout', workers=2) / 'img'
            paths = require_images(args.images)
            model = load_model(args.config, args.checkpoint, args.device)
        fitter = LogoFitter(load_logo_alpha(LOGO_TEMPLATE))
        print(f'{len(paths)} images, {torch.get_num_threads()} torch threads, device '
              f'{args.device}, batch {args.batch_size}, {args.workers} decode workers')
        print(format_table(benchmark(model, paths, args.batch_size, args.workers, fitter,
                                     args.fit_workers)))


if __name__ == '__main__':
    run(main)
