"""Training curves and the last per-class table of a run, for the course's report.

Reads WORK_DIR/<timestamp>/vis_data/scalars.json (every session, a resumed one included) and
writes WORK_DIR/curves.png: training and validation loss, and the validation metric, against
the iteration. Works with the plain keys of default_runtime.py (`loss`, `mIoU`, `image_iou`)
and the split-prefixed ones of configs/_base_/logging/ (`train/loss`, `val/iou`). Prints the
last "per class results" table of the logs, and writes it to WORK_DIR/per_class_iou.md.
tools/report.py makes the full report with the same reader.

Example: python tools/plot_curves.py work_dirs/unet_mobilenetv2_cpu [--metric iou]
"""
import argparse
import sys
from pathlib import Path

from mmseg_custom.cli import run
from mmseg_custom.file_output import OutputError, atomic_output
from mmseg_custom.reporting.curves import draw_losses, draw_metric, read_curves, save_figure
from mmseg_custom.reporting.logs import class_tables


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('work_dir', type=Path, help="a training run's work dir")
    parser.add_argument('--metric', help='validation score to plot (default: mIoU, image_iou '
                        'or iou, whichever the run logged)')
    args = parser.parse_args(argv)
    curves = read_curves(args.work_dir, args.metric)
    if not len(curves.train_loss):
        sys.exit(f'error: no training logs (*/vis_data/scalars.json) in {args.work_dir}; '
                 'give the --work-dir of a tools/train.py run')
    if args.metric and curves.metric != args.metric:
        logged = sorted({k for r in curves.val_records.values() for k in r})
        sys.exit(f'error: no validation logged {args.metric!r} in {args.work_dir}; '
                 f'it logged: {", ".join(logged)}')
    target = args.work_dir / 'curves.png'
    try:
        save_figure(target, draw_losses, draw_metric, curves=curves)
    except OutputError as error:
        sys.exit(f'error: {error}')
    print(f'wrote {target} ({len(curves.train_loss)} loss points, {len(curves.val_metric)} '
          f'validations of {curves.metric}, {len(curves.val_loss)} validation losses)')
    tables = class_tables(args.work_dir)
    if tables:
        header, rows = tables[max(tables)]
        table = ''.join('| ' + ' | '.join(row) + ' |\n'
                        for row in [header, ['---'] * len(header), *rows])
        with atomic_output(args.work_dir / 'per_class_iou.md') as temporary:
            temporary.write_text(table)
        print(table, end='')
    else:
        print('no per-class table in the logs (a binary metric, or no validation yet)')
    return 0


if __name__ == '__main__':
    run(main)
