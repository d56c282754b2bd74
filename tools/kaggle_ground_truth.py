"""Write a ground-truth CSV in the Kaggle schema from VOC masks.

    python tools/kaggle_ground_truth.py MASK_DIR --out ground_truth.csv

MASK_DIR holds VOC label maps (palette or grey PNGs: 0 background, 1..20 classes, 255
border). The rows are those a perfect submission would have (classes present in the mask;
border pixels belong to no class), so `tools/score_kaggle.py` can score a submission on a
validation split. --ids FILE limits the masks to a split list such as
ImageSets/Segmentation/val.txt.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from tqdm import tqdm

from mmseg_custom.export.kaggle import classes_in_mask, image_rows, write_submission


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('mask_dir', type=Path, help='folder of VOC masks (*.png)')
    parser.add_argument('--out', type=Path, default=Path('ground_truth.csv'),
                        help='CSV to write (default: %(default)s)')
    parser.add_argument('--ids', type=Path, help='text file of image ids, one per line')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.mask_dir.is_dir():
        sys.exit(f'error: mask folder {args.mask_dir} does not exist or is not a folder')
    if args.ids:
        if not args.ids.is_file():
            sys.exit(f'error: id list {args.ids} does not exist')
        ids = [line.strip() for line in args.ids.read_text().splitlines() if line.strip()]
        masks = [args.mask_dir / f'{i}.png' for i in ids]
        missing = [m for m in masks if not m.is_file()]
        if missing:
            sys.exit(f'error: {len(missing)} listed masks are missing, e.g. {missing[0]}')
    else:
        masks = sorted(args.mask_dir.glob('*.png'))
    if not masks:
        sys.exit(f'error: no *.png masks in {args.mask_dir}')

    def rows():
        for path in tqdm(masks, desc='encode', unit='mask'):
            seg = np.array(Image.open(path))  # palette PNGs give their indices
            if seg.ndim != 2:
                sys.exit(f'error: {path} is not a single-channel label map')
            yield from image_rows(path.stem, classes_in_mask(seg), seg)

    count = write_submission(rows(), args.out)
    print(f'wrote {count} rows for {len(masks)} mask(s) to {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
