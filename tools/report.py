"""Write a training run's report from its work dir: the recipe, the trainable parameter count,
the hardware, wall time and GPU-hours, the curves, the best checkpoint and its scores, the
per-class table, and (with --images and --masks) the best and worst sample predictions.

Writes OUT/report.md with its figures as PNG files beside it, and OUT/report.html with the
figures embedded (one file to send). What the work dir lacks (e.g. a run made before the run
record existed) is listed in the report instead of failing.

Examples:
  python tools/report.py work_dirs/unet_mobilenetv2_cpu
  python tools/report.py work_dirs/unet_lab_deconv --out reports/unet_lab_deconv \
      --images data/unet_lab/val/images --masks data/unet_lab/val/masks
"""
import argparse
import sys
from pathlib import Path

from mmseg_custom.cli import run, user_errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('work_dir', type=Path, help="a tools/train.py run's work dir")
    parser.add_argument('--out', type=Path, help='output folder (default: WORK_DIR/report)')
    parser.add_argument('--images', type=Path, help='images to predict for the samples')
    parser.add_argument('--masks', type=Path, help='their masks (same names), to pick the '
                        'best and worst predictions')
    parser.add_argument('--samples', type=int, default=3,
                        help='how many best and worst predictions to draw (default: 3)')
    parser.add_argument('--device', default='cpu', help='device for the sample predictions')
    parser.add_argument('--metric', help="the validation score to plot, e.g. kaggle_dice "
                        "(default: the one the config keeps its best checkpoint by)")
    args = parser.parse_args(argv)
    if (args.images is None) != (args.masks is None):
        parser.error('--images and --masks go together')
    for folder in (args.images, args.masks):
        if folder is not None and not folder.is_dir():
            sys.exit(f'error: {folder} is not a folder')
    from mmseg_custom.reporting.report import make_report
    with user_errors():
        report = make_report(args.work_dir, args.out, args.images, args.masks,
                             device=args.device, samples=args.samples, metric=args.metric)
    print(f'wrote {report.markdown} and {report.html} ({len(report.figures)} figures)')
    for item in report.missing:
        print(f'lacking: {item}')
    return 0


if __name__ == '__main__':
    run(main)
