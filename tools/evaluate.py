"""Score predicted masks against ground truth the way the logo challenge does.

For every ground-truth mask, the prediction with the same stem (the name before its first dot)
is read, divided by 255 and thresholded at 0.5; the score is the logo's IoU averaged over
images. Two predictions (or two masks) with one stem are refused, naming both. The IoU over all
pixels, accuracy, precision, recall and F1 are printed too.

With --num-classes N (e.g. 19 for CelebAMask face parsing, AI6126 project 1) the masks hold class
indices instead: IoU per class over the whole set, then the mean over the N classes (mIoU), which
equals tools/test.py's mIoU on the same predictions. A value >= N is an error naming the file.

--per-image FILE writes one CSV row per image (IoU, pixel counts), worst first, to find
what the model misses.

Examples:
  python tools/evaluate.py predictions/ data/logo/test/mask
  python tools/evaluate.py predictions/ data/logo/test/mask --per-image worst.csv
  python tools/evaluate.py masks/ data/celebamask/val/val_mask --num-classes 19
"""
import argparse
import csv
from pathlib import Path

from mmseg_custom.cli import fail, run, user_errors
from mmseg_custom.errors import InputError
from mmseg_custom.evaluation.binary_scores import Counts, summarize
from mmseg_custom.evaluation.mask_files import matched_pairs, read_binary
from mmseg_custom.evaluation.multiclass_scores import set_miou
from mmseg_custom.file_output import atomic_output


def evaluate_classes(pred_dir: Path, mask_dir: Path, num_classes: int) -> dict:
    """mIoU over the set and per-class IoU, for masks of class indices."""
    return set_miou(matched_pairs(pred_dir, mask_dir), num_classes)


def per_image_counts(pred_dir: Path, mask_dir: Path) -> dict:
    """Counts of every ground-truth mask's image, by the mask's file name."""
    counts = {}
    for pred_path, truth_path in matched_pairs(pred_dir, mask_dir):
        pred, truth = read_binary(pred_path), read_binary(truth_path)
        if pred.shape != truth.shape:
            raise InputError(f'prediction {pred_path} is {pred.shape[1]}x{pred.shape[0]} but '
                             f'mask {truth_path} is {truth.shape[1]}x{truth.shape[0]}')
        counts[truth_path.name] = Counts.of(pred, truth)
    return counts


def evaluate(pred_dir: Path, mask_dir: Path) -> dict:
    """Scores over the ground-truth masks; a missing prediction is an error naming it."""
    return summarize(per_image_counts(pred_dir, mask_dir).values())


def write_per_image(counts: dict, target: Path) -> None:
    """One row per image, the lowest IoU first."""
    with atomic_output(target) as temporary, open(temporary, 'w', newline='') as handle:
        writer = csv.writer(handle)
        writer.writerow(['mask', 'iou', 'true_positive', 'false_positive', 'false_negative',
                         'logo_pixels'])
        for name, c in sorted(counts.items(), key=lambda item: (item[1].iou, item[0])):
            writer.writerow([name, f'{c.iou:.4f}', c.tp, c.fp, c.fn, c.tp + c.fn])


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('pred_dir', type=Path, help='folder of predicted masks')
    parser.add_argument('mask_dir', type=Path, help='folder of ground-truth masks')
    parser.add_argument('--num-classes', type=int,
                        help='masks of class indices 0..N-1 (19 for face parsing): print the '
                        'mIoU over the set instead of the logo scores')
    parser.add_argument('--per-image', type=Path, metavar='CSV',
                        help='also write every image\'s IoU and pixel counts, worst first')
    args = parser.parse_args(argv)
    for folder in (args.pred_dir, args.mask_dir):
        if not folder.is_dir():
            fail(f'{folder} is not a folder')
    if args.num_classes is not None:
        return main_classes(args)
    with user_errors():
        counts = per_image_counts(args.pred_dir, args.mask_dir)
        scores = summarize(counts.values())
        if args.per_image is not None:
            write_per_image(counts, args.per_image)
            print(f'per-image scores, worst first: {args.per_image}')
    print(f'mean per-image IoU (challenge score): {scores["image_iou"]:.4f}')
    print(f'IoU over all pixels:                  {scores["iou"]:.4f}')
    print('accuracy {accuracy:.4f}  precision {precision:.4f}  recall {recall:.4f}  '
          'F1 {f1:.4f}'.format(**scores))
    return scores


def main_classes(args) -> dict:
    if args.num_classes < 2:
        fail(f'--num-classes must be at least 2, got {args.num_classes}')
    with user_errors():
        scores = evaluate_classes(args.pred_dir, args.mask_dir, args.num_classes)
    for index, iou in enumerate(scores['per_class_iou']):
        print(f'class {index:2d}  IoU {iou:.4f}')
    print(f'mIoU over {args.num_classes} classes: {scores["miou"]:.4f} '
          f'({100 * scores["miou"]:.2f}%)')
    return scores


if __name__ == '__main__':
    run(main)
