"""Score predicted masks against ground truth the way the logo challenge does.

For every ground-truth mask, the prediction with the same stem (the name before its first dot)
is read, divided by 255 and thresholded at 0.5; the score is the logo's IoU averaged over
images. The IoU over all pixels, accuracy, precision, recall and F1 are printed too.

Example: python tools/evaluate.py predictions/ data/logo/test/mask
"""
import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

from mmseg_custom.evaluation.binary_scores import Counts, summarize


def read_binary(path: Path) -> np.ndarray:
    mask = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if mask is None:
        raise ValueError(f'cannot read mask {path}')
    return mask / 255.0 > 0.5


def by_stem(folder: Path) -> dict:
    return {p.name.split('.')[0]: p for p in sorted(folder.iterdir()) if p.is_file()}


def evaluate(pred_dir: Path, mask_dir: Path) -> dict:
    """Scores over the ground-truth masks; a missing prediction is an error naming it."""
    predictions, truths = by_stem(pred_dir), by_stem(mask_dir)
    if not truths:
        raise ValueError(f'no masks in {mask_dir}')
    missing = sorted(set(truths) - set(predictions))
    if missing:
        raise ValueError(f'{len(missing)} prediction(s) missing in {pred_dir}, '
                         f'e.g. for {truths[missing[0]].name}')
    counts = [Counts.of(read_binary(predictions[stem]), read_binary(truths[stem]))
              for stem in truths]
    return summarize(counts)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('pred_dir', type=Path, help='folder of predicted masks')
    parser.add_argument('mask_dir', type=Path, help='folder of ground-truth masks')
    args = parser.parse_args(argv)
    for folder in (args.pred_dir, args.mask_dir):
        if not folder.is_dir():
            sys.exit(f'error: {folder} is not a folder')
    try:
        scores = evaluate(args.pred_dir, args.mask_dir)
    except ValueError as error:
        sys.exit(f'error: {error}')
    print(f'mean per-image IoU (challenge score): {scores["image_iou"]:.4f}')
    print(f'IoU over all pixels:                  {scores["iou"]:.4f}')
    print('accuracy {accuracy:.4f}  precision {precision:.4f}  recall {recall:.4f}  '
          'F1 {f1:.4f}'.format(**scores))
    return scores


if __name__ == '__main__':
    main()
