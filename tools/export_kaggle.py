"""Write the VOC 2009 Kaggle submission.

    python tools/export_kaggle.py CONFIG CHECKPOINT IMAGE_DIR --out submission.csv

For every image two rows, `<stem>_classification` and `<stem>_segmentation`, each holding the
run-length encoding of the 20 classes' predictions grouped in one column, as the course's
template writes them (see README, "Kaggle submission schema"). Which classes are present comes
from the model's classification head (probability >= --threshold); a model without one falls
back to the classes of its predicted mask.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from tqdm import tqdm

from mmseg_custom.export.kaggle import VOC_CLASSES, classes_in_mask, image_rows, write_submission
from mmseg_custom.image_io import require_images
from mmseg_custom.inference import Failure, load_model, predict_files


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='model config, e.g. configs/voc2009/tiny_cpu.py')
    parser.add_argument('checkpoint', help='trained weights (.pth)')
    parser.add_argument('image_dir', type=Path, help='folder of test images')
    parser.add_argument('--out', type=Path, default=Path('submission.csv'),
                        help='CSV to write (default: %(default)s)')
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
        sys.exit(f'error: the submission needs a model of the 21 VOC classes (background + '
                 f'{", ".join(VOC_CLASSES[:3])}, ...); this checkpoint has {len(classes)} '
                 f'classes: {", ".join(classes[:4])}...')


def present_classes(result, threshold: float) -> np.ndarray:
    if 'pred_cls_scores' in result:
        return (result.pred_cls_scores.cpu().numpy() >= threshold).astype(np.uint8)
    return classes_in_mask(result.pred_sem_seg.data[0].cpu().numpy(), len(VOC_CLASSES))


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        images = require_images(args.image_dir)
    except FileNotFoundError as error:
        sys.exit(f'error: {error}')
    stems = [p.stem for p in images]
    repeated = sorted({s for s in stems if stems.count(s) > 1})
    if repeated:
        sys.exit(f'error: images share a name, so their rows would share an Id: '
                 f'{", ".join(repeated[:5])}; rename them')
    try:
        model = load_model(args.config, args.checkpoint, args.device)
    except (FileNotFoundError, ValueError) as error:
        sys.exit(f'error: {error}')
    check_model_classes(model)
    rows, failures = {}, 0
    results = predict_files(model, images, args.batch_size, args.workers)
    for result in tqdm(results, total=len(images), desc='predict', unit='img'):
        if isinstance(result, Failure):
            failures += 1
            tqdm.write(f'error: {result.reason}', file=sys.stderr)
            continue
        stem = Path(result.img_path).stem
        seg = result.pred_sem_seg.data[0].cpu().numpy()
        rows[stem] = image_rows(stem, present_classes(result, args.threshold), seg)
    count = write_submission((row for stem in sorted(rows) for row in rows[stem]), args.out)
    print(f'wrote {count} rows for {len(rows)} image(s) to {args.out}'
          + (f'; {failures} image(s) could not be read and have no rows' if failures else ''))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
