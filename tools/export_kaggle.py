"""Write the VOC 2009 Kaggle submission.

    python tools/export_kaggle.py CONFIG CHECKPOINT <competition>/test --out submission.csv
    python tools/export_kaggle.py CONFIG CHECKPOINT <competition>/train --split val --out val.csv
    python tools/export_kaggle.py CONFIG CHECKPOINT IMAGE_DIR --out submission.csv

For a competition folder (test/ with test_set.csv and img/test_<Id>.npy, or train/), the rows
are the course template's: for every Id of the CSV, in its order, `<Id>_classification` and
`<Id>_segmentation`, the classes in the CSV's column order. For a folder of image files the
Ids are the file stems, in sorted order. Which classes are present comes from the model's
classification head (probability >= --threshold); a model without one falls back to the
classes of its predicted mask.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from tqdm import tqdm

from mmseg_custom.cli import fail, run, user_errors
from mmseg_custom.export.kaggle import (VOC_CLASSES, classes_in_mask, competition_part,
                                        image_rows, in_column_order, write_submission)
from mmseg_custom.file_output import prepare_parent, refuse_shared_names


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='model config, e.g. '
                        'configs/voc2009/unet_mobilenetv2_tiny_kaggle_cpu.py')
    parser.add_argument('checkpoint', help='trained weights (.pth)')
    parser.add_argument('image_dir', type=Path,
                        help="the competition's test/ (or train/) folder, or a folder of images")
    parser.add_argument('--out', type=Path, default=Path('submission.csv'),
                        help='CSV to write (default: %(default)s)')
    parser.add_argument('--split', default='all', choices=('all', 'train', 'val'),
                        help='for train/: which Ids, as VOC2009KaggleDataset splits them '
                        '(default: all)')
    parser.add_argument('--val-fraction', type=float, default=0.2,
                        help='the split\'s val share (default: %(default)s)')
    parser.add_argument('--split-seed', type=int, default=0,
                        help='the split\'s seed (default: %(default)s)')
    parser.add_argument('--threshold', type=float, default=0.5,
                        help='class probability from which a class is present (default: 0.5)')
    parser.add_argument('--device', default='cpu', help='cpu, cuda or cuda:N (default: cpu)')
    parser.add_argument('--batch-size', type=int, default=1,
                        help='equal-sized images per forward pass (default: 1)')
    parser.add_argument('--workers', type=int, default=0,
                        help='processes decoding images while the model runs (default: 0)')
    return parser.parse_args(argv)


def check_model_classes(model) -> None:
    classes = tuple(model.dataset_meta.get('classes', ()))
    if classes[1:] != VOC_CLASSES:
        fail(f'the submission needs a model of the 21 VOC classes (background + '
                 f'{", ".join(VOC_CLASSES[:3])}, ...); this checkpoint has {len(classes)} '
                 f'classes: {", ".join(classes[:4])}...')


def present_classes(result, threshold: float) -> np.ndarray:
    if 'pred_cls_scores' in result:
        return (result.pred_cls_scores.cpu().numpy() >= threshold).astype(np.uint8)
    return classes_in_mask(result.pred_sem_seg.data[0].cpu().numpy(), len(VOC_CLASSES))


def competition_inputs(args):
    """[(Id, .npy path)] in CSV order and the CSV's label lookup, for a competition folder."""
    from mmseg_custom.datasets.voc2009_kaggle import part_paths, read_competition_csv, seeded_split
    part = competition_part(args.image_dir)
    table = read_competition_csv(args.image_dir / f'{part}_set.csv')
    ids = table.ids if part == 'test' else seeded_split(table.ids, args.split,
                                                        args.val_fraction, args.split_seed)
    inputs = [(i, part_paths(args.image_dir, part, i)[0]) for i in ids]
    missing = [path for _, path in inputs if not path.is_file()]
    if missing:
        raise FileNotFoundError(f'{len(missing)} image(s) of {table.path} are missing, '
                                f'e.g. {missing[0]}')
    return inputs, table.to_voc


def folder_inputs(args):
    """[(stem, path)] in sorted stem order for a folder of image files; stems must differ."""
    from mmseg_custom.image_io import require_images
    images = require_images(args.image_dir)
    by_stem = refuse_shared_names(images, lambda path: path.stem, 'row Id')
    return sorted(by_stem.items()), None


def main(argv=None) -> int:
    args = parse_args(argv)
    competition = competition_part(args.image_dir) is not None
    from mmseg_custom.inference import Failure, load_model, predict_files
    with user_errors():
        prepare_parent(args.out)  # before the model runs: a wrong --out fails at once
        inputs, to_voc = competition_inputs(args) if competition else folder_inputs(args)
        model = load_model(args.config, args.checkpoint, args.device)
    check_model_classes(model)
    paths = [path for _, path in inputs]
    id_of = {str(path): image_id for image_id, path in inputs}
    results = predict_files(model, paths, args.batch_size, args.workers)
    rows, failures = {}, 0
    for result in tqdm(results, total=len(paths), desc='predict', unit='img'):
        if isinstance(result, Failure):
            failures += 1
            tqdm.write(f'error: {result.reason}', file=sys.stderr)
            continue
        image_id = id_of[result.img_path]
        present = present_classes(result, args.threshold)
        seg = result.pred_sem_seg.data[0].cpu().numpy()
        if to_voc is not None:
            present, seg = in_column_order(present, seg, to_voc)
        rows[image_id] = image_rows(image_id, present, seg)
    if failures:
        fail(f'{failures} image(s) could not be read (above); nothing written')
    with user_errors():
        count = write_submission((row for image_id, _ in inputs for row in rows[image_id]),
                                 args.out)
    print(f'wrote {count} rows for {len(rows)} image(s) to {args.out}')
    return 0


if __name__ == '__main__':
    run(main)
