"""Write a ground-truth CSV in the Kaggle schema, to score submissions locally.

    python tools/kaggle_ground_truth.py <competition>/train --split val --out val_truth.csv
    python tools/kaggle_ground_truth.py MASK_DIR [--ids val.txt] --out ground_truth.csv

From the competition's train/ folder (train_set.csv and seg/train_<Id>.npy) the rows are the
template's for the chosen Ids, in CSV order: the classification row from the CSV's 0/1
columns, the segmentation row from the mask, both in the CSV's column order. --split val
picks the Ids `VOC2009KaggleDataset` validates on (same --val-fraction and --split-seed).

From a folder of VOC label maps (palette or grey PNGs: 0 background, 1..20 classes, 255
border) the rows are those a perfect submission would have (classes present in the mask), named
by file stem; --ids FILE limits the masks to a split list such as
ImageSets/Segmentation/val.txt. In both, border pixels (255) belong to no class and any other
value outside 0..20 is an error naming the file.
"""
import argparse
from pathlib import Path

import numpy as np
from tqdm import tqdm

from mmseg_custom.errors import InputError
from mmseg_custom.export.kaggle import (VOC_CLASSES, classes_in_mask, competition_part,
                                        image_rows, write_submission)
from mmseg_custom.cli import run, user_errors
from mmseg_custom.file_output import refuse_shared_names
from mmseg_custom.label_checks import read_label_map

NUM_LABELS = len(VOC_CLASSES) + 1


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('mask_dir', type=Path,
                        help="the competition's train/ folder, or a folder of VOC masks (*.png)")
    parser.add_argument('--out', type=Path, default=Path('ground_truth.csv'),
                        help='CSV to write (default: %(default)s)')
    parser.add_argument('--ids', type=Path, help='text file of image ids, one per line')
    parser.add_argument('--split', default='all', choices=('all', 'train', 'val'),
                        help='for train/: which Ids (default: all)')
    parser.add_argument('--val-fraction', type=float, default=0.2,
                        help="the split's val share (default: %(default)s)")
    parser.add_argument('--split-seed', type=int, default=0,
                        help="the split's seed (default: %(default)s)")
    return parser.parse_args(argv)


def competition_rows(args):
    """The rows of the competition's train/ folder, in CSV order."""
    from mmseg_custom.datasets.voc2009_kaggle import (pandas_id, part_paths, read_competition_csv,
                                                      read_label_npy, seeded_split)
    table = read_competition_csv(args.mask_dir / 'train_set.csv')
    if args.ids:
        ids = [pandas_id(i) for i in read_id_list(args.ids)]
        unknown = [i for i in ids if i not in table.ids]
        if unknown:
            raise InputError(f'{args.ids} lists Ids that {table.path} lacks, e.g. {unknown[0]}')
    else:
        ids = seeded_split(table.ids, args.split, args.val_fraction, args.split_seed)
    labels = dict(zip(table.ids, table.labels))
    masks = [part_paths(args.mask_dir, 'train', i)[1] for i in ids]
    missing = [m for m in masks if not m.is_file()]
    if missing:
        raise FileNotFoundError(f'{len(missing)} mask(s) of {table.path} are missing, '
                                f'e.g. {missing[0]}')
    for image_id, path in tqdm(list(zip(ids, masks)), desc='encode', unit='mask'):
        seg = read_label_npy(path)  # checked: 0..20 and 255
        yield from image_rows(image_id, (labels[image_id] > 0).astype(np.uint8), seg)


def read_id_list(path: Path):
    if not path.is_file():
        raise FileNotFoundError(f'id list {path} does not exist')
    ids = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    refuse_shared_names(ids, lambda i: i, 'row Id')
    return ids


def mask_folder_rows(args):
    """The rows of a folder of VOC label-map PNGs, in sorted (or --ids) order."""
    if not args.mask_dir.is_dir():
        raise FileNotFoundError(f'mask folder {args.mask_dir} does not exist or is not a folder')
    if args.ids:
        masks = [args.mask_dir / f'{i}.png' for i in read_id_list(args.ids)]
        missing = [m for m in masks if not m.is_file()]
        if missing:
            raise FileNotFoundError(f'{len(missing)} listed masks are missing, e.g. {missing[0]}')
    else:
        masks = sorted(args.mask_dir.glob('*.png'))
    if not masks:
        raise FileNotFoundError(f'no *.png masks in {args.mask_dir}')
    for path in tqdm(masks, desc='encode', unit='mask'):
        seg = read_label_map(path, NUM_LABELS, 255, kind='VOC')
        yield from image_rows(path.stem, classes_in_mask(seg), seg)


def main(argv=None) -> int:
    args = parse_args(argv)
    rows = competition_rows(args) if competition_part(args.mask_dir) == 'train' \
        else mask_folder_rows(args)
    with user_errors():  # the rows are read while they are written
        count = write_submission(rows, args.out)
    print(f'wrote {count} rows ({count // 2} image(s)) to {args.out}')
    return 0


if __name__ == '__main__':
    run(main)
