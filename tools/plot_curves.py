"""Training curves and the last per-class IoU table of a run, for the course's report.

Reads WORK_DIR/<timestamp>/vis_data/scalars.json (every run, a resumed one included) and
writes WORK_DIR/curves.png (training loss and validation mIoU against the iteration); reads
the last "per class results" table of WORK_DIR/<timestamp>/<timestamp>.log and writes it to
WORK_DIR/per_class_iou.md (and prints it).

Example: python tools/plot_curves.py work_dirs/mobilenetv2_unet_cpu
"""
import argparse
import json
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402


def read_scalars(work_dir: Path):
    """(train steps, losses), (val steps, mIoUs) from every scalars.json of the run."""
    train, val = ([], []), ([], [])
    for path in sorted(work_dir.glob('*/vis_data/scalars.json')):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            if 'loss' in record:
                train[0].append(record['step'])
                train[1].append(record['loss'])
            elif 'mIoU' in record:
                val[0].append(record['step'])
                val[1].append(record['mIoU'])
    return train, val


def last_class_table(work_dir: Path) -> list:
    """[(class, IoU)] rows of the last validation's per-class table in the run's logs."""
    rows = []
    for log in sorted(work_dir.glob('*/*.log')):
        for block in log.read_text().split('per class results:')[1:]:
            table = block.split('Iter(')[0]  # the table ends where the next log line starts
            rows = re.findall(r'^\|\s*([^|]+?)\s*\|\s*([\d.]+|nan)\s*\|', table, re.M) or rows
    return rows


def plot(train, val, target: Path) -> None:
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(*train)
    left.set(title='training loss', xlabel='iteration', ylabel='loss')
    right.plot(*val, marker='o')
    right.set(title='validation mIoU', xlabel='iteration', ylabel='mIoU (%)')
    figure.tight_layout()
    figure.savefig(target, dpi=100)
    plt.close(figure)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('work_dir', type=Path, help="a training run's work dir")
    args = parser.parse_args(argv)
    train, val = read_scalars(args.work_dir)
    if not train[0]:
        sys.exit(f'error: no training logs (*/vis_data/scalars.json) in {args.work_dir}; '
                 'give the --work-dir of a tools/train.py run')
    plot(train, val, args.work_dir / 'curves.png')
    print(f'wrote {args.work_dir / "curves.png"} ({len(train[0])} loss points, '
          f'{len(val[0])} validations)')
    rows = last_class_table(args.work_dir)
    if rows:
        table = '| class | IoU (%) |\n|---|---|\n' + ''.join(f'| {n} | {v} |\n' for n, v in rows)
        (args.work_dir / 'per_class_iou.md').write_text(table)
        print(table, end='')
    else:
        print('no per-class table in the logs yet (no validation has run)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
