"""Compare segmentation models on one set of images with ground-truth masks.

For every CONFIG CHECKPOINT pair, predicts every image under --images (sub-folders too) and
scores the foreground against the mask with the same relative name under --masks (soft masks
count as foreground where > --threshold). Writes to --out:
  metrics.md, metrics.csv   accuracy, precision, recall, F1 and IoU per model (pooled over all
                            pixels; image_iou is the mean of per-image IoUs), in %
  pictures/<name>.png       per image: the photo, the ground truth, then each model's mask,
                            coloured white = correct foreground, red = false foreground,
                            blue = missed foreground, black = correct background
  masks/<model>/<name>.png  each model's predicted mask (0/255)

Examples:
  python tools/compare.py \\
      configs/birds/encdec_lab-small.py work_dirs/encdec_lab-small/best_iou_iter_300.pth \\
      configs/birds/unet_lab-small.py work_dirs/unet_lab-small/best_iou_iter_300.pth \\
      --images data/birds/val/images --masks data/birds/val/segmentations --out work_dirs/cmp
"""
import argparse
import csv
import re
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import cv2
import numpy as np
from tqdm import tqdm

from mmseg_custom.cli import run, user_errors
from mmseg_custom.errors import InputError
from mmseg_custom.evaluation.binary_scores import Counts, summarize
from mmseg_custom.file_output import (atomic_output, prepare_folder, refuse_shared_names,
                                      write_bytes_atomically, write_image_atomically)
from mmseg_custom.image_io import IMAGE_SUFFIXES, read_bgr_uint8
from mmseg_custom.inference import Failure, load_model, predict_files
from mmseg_custom.transforms.binary_annotations import binary_labels

SCORES = ('accuracy', 'precision', 'recall', 'f1', 'iou', 'image_iou')
# BGR colours of (prediction, truth) pairs: TN, FP, FN, TP
COLOURS = {(False, False): (0, 0, 0), (True, False): (0, 0, 255),
           (False, True): (255, 96, 0), (True, True): (255, 255, 255)}
PANEL_HEIGHT = 160
TITLE_HEIGHT = 22


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('models', nargs='+', metavar='CONFIG CHECKPOINT',
                        help='one or more config and checkpoint pairs')
    parser.add_argument('--images', required=True, help='folder of images (searched recursively)')
    parser.add_argument('--masks', required=True,
                        help='folder of ground-truth masks, same relative names as the images')
    parser.add_argument('--out', required=True, help='folder for the table, pictures and masks')
    parser.add_argument('--names', nargs='+', help='model names for the table (default: the '
                        'config file names)')
    parser.add_argument('--mask-suffix', default='.png', help='suffix of the masks (default: .png)')
    parser.add_argument('--threshold', type=int, default=127,
                        help='mask values above this are foreground (default: 127)')
    parser.add_argument('--device', default='cpu', help='cpu or cuda (default: cpu)')
    args = parser.parse_args(argv)
    if len(args.models) % 2:
        parser.error(f'models must come in CONFIG CHECKPOINT pairs; got {len(args.models)} '
                     'paths: ' + ' '.join(args.models))
    args.pairs = list(zip(args.models[::2], args.models[1::2]))
    for config, checkpoint in args.pairs:
        for path, what in ((config, 'config'), (checkpoint, 'checkpoint')):
            if not Path(path).is_file():
                parser.error(f'{what} {path} does not exist')
    if args.names is None:
        args.names = model_names(args.pairs)
    elif len(args.names) != len(args.pairs):
        parser.error(f'--names gives {len(args.names)} names for {len(args.pairs)} models')
    return args


def model_names(pairs: Sequence[Tuple[str, str]]) -> List[str]:
    """Config file stems; the checkpoint's stem is added where two configs share a stem."""
    stems = [Path(config).stem for config, _ in pairs]
    return [f'{stem}:{Path(ckpt).stem}' if stems.count(stem) > 1 else stem
            for stem, (_, ckpt) in zip(stems, pairs)]


def pair_images_and_masks(images: Path, masks: Path,
                          mask_suffix: str) -> Dict[str, Tuple[Path, Path]]:
    """{relative name without suffix: (image, mask)}; images without a mask are reported."""
    if not images.is_dir():
        raise FileNotFoundError(f'image folder {images} does not exist')
    if not masks.is_dir():
        raise FileNotFoundError(f'mask folder {masks} does not exist')
    pairs, missing = {}, []
    found = sorted(p for p in images.rglob('*') if p.suffix.lower() in IMAGE_SUFFIXES)
    # a.jpg and a.png would match one mask a.png and write one picture a.png
    refuse_shared_names(found, lambda p: flat_name(p.relative_to(images).with_suffix('')
                                                   .as_posix()), 'picture and mask name')
    for image in found:
        name = image.relative_to(images).with_suffix('').as_posix()
        mask = masks / (name + mask_suffix)
        if mask.is_file():
            pairs[name] = (image, mask)
        else:
            missing.append(str(mask))
    if missing:
        print(f'warning: {len(missing)} images have no mask and are left out, e.g. {missing[0]}',
              file=sys.stderr)
    if not pairs:
        raise FileNotFoundError(f'no image under {images} has a mask under {masks} '
                                f'(same relative name, suffix {mask_suffix})')
    return pairs


def read_truth(path: Path, threshold: int) -> np.ndarray:
    mask = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if mask is None:
        raise InputError(f'cannot read mask {path}')
    return binary_labels(mask, path, threshold).astype(bool)


def flat_name(name: str) -> str:
    """A file-name-safe form of an image's relative name or a model's name."""
    return re.sub(r'[^\w.-]+', '_', name.replace('/', '__'))


def predict_model(model, pairs: Dict[str, Tuple[Path, Path]], mask_dir: Path, threshold: int,
                  label: str) -> Dict[str, Counts]:
    """Predict every image, write the masks, and count against the truth per image."""
    by_path = {str(image): name for name, (image, _) in pairs.items()}
    counts = {}
    paths = [image for image, _ in pairs.values()]
    for result in tqdm(predict_files(model, paths, batch_size=1, num_workers=0),
                       total=len(paths), desc=label):
        if isinstance(result, Failure):
            print(f'warning: {result.reason}', file=sys.stderr)
            continue
        name = by_path[result.img_path]
        pred = result.pred_sem_seg.data[0].cpu().numpy() == 1
        truth = read_truth(pairs[name][1], threshold)
        if pred.shape != truth.shape:
            raise InputError(f'mask {pairs[name][1]} is {truth.shape[1]}x{truth.shape[0]} but '
                             f'image {pairs[name][0]} is {pred.shape[1]}x{pred.shape[0]}')
        write_image_atomically(pred.astype(np.uint8) * 255, mask_dir / f'{name}.png')
        counts[name] = Counts.of(pred, truth)
    return counts


def write_table(rows: List[Dict[str, float]], out: Path) -> str:
    """metrics.csv and metrics.md; returns the Markdown."""
    header = ['model', 'images'] + list(SCORES)
    with atomic_output(out / 'metrics.csv') as temporary, \
            open(temporary, 'w', newline='') as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    for row in rows:
        lines.append('| ' + ' | '.join(str(row[key]) for key in header) + ' |')
    markdown = '\n'.join(lines) + '\n'
    write_bytes_atomically(markdown.encode(), out / 'metrics.md')
    return markdown


def coloured(pred: np.ndarray, truth: np.ndarray) -> np.ndarray:
    picture = np.zeros(pred.shape + (3,), np.uint8)
    for (p, t), colour in COLOURS.items():
        picture[(pred == p) & (truth == t)] = colour
    return picture


def panel(image: np.ndarray, title: str) -> np.ndarray:
    height, width = image.shape[:2]
    width = max(1, round(width * PANEL_HEIGHT / height))
    body = cv2.resize(image, (width, PANEL_HEIGHT), interpolation=cv2.INTER_NEAREST)
    strip = np.full((TITLE_HEIGHT, width, 3), 255, np.uint8)
    cv2.putText(strip, title, (3, TITLE_HEIGHT - 7), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1,
                cv2.LINE_AA)
    return np.vstack([strip, body])


def write_picture(name: str, image: Path, truth_path: Path, names: List[str], mask_root: Path,
                  threshold: int, out: Path) -> None:
    """The photo, the truth, and each model's mask coloured against the truth, side by side."""
    truth = read_truth(truth_path, threshold)
    panels = [panel(read_bgr_uint8(image), 'image'),
              panel(np.repeat(truth[..., None].astype(np.uint8) * 255, 3, axis=2), 'truth')]
    for model in names:
        mask = cv2.imread(str(mask_root / flat_name(model) / f'{name}.png'), cv2.IMREAD_GRAYSCALE)
        if mask is not None:
            panels.append(panel(coloured(mask > 127, truth), model))
    gap = np.full((PANEL_HEIGHT + TITLE_HEIGHT, 4, 3), 255, np.uint8)
    row = [p for item in panels for p in (item, gap)][:-1]
    write_image_atomically(np.hstack(row), out / f'{flat_name(name)}.png')


def main(argv=None) -> None:
    args = parse_args(argv)
    out = Path(args.out)
    with user_errors():
        pairs = pair_images_and_masks(Path(args.images), Path(args.masks), args.mask_suffix)
        # every model loads (and fits its checkpoint) before anything is written
        models = [load_model(config, checkpoint, args.device) for config, checkpoint in args.pairs]
        prepare_folder(out)
        rows = []
        for name, model in zip(args.names, models):
            counts = predict_model(model, pairs, out / 'masks' / flat_name(name),
                                   args.threshold, name)
            if not counts:
                raise InputError(f'model {name} could not read any image')
            scores = summarize(counts.values())
            rows.append(dict(model=name, images=len(counts),
                             **{k: round(scores[k] * 100, 2) for k in SCORES}))
        markdown = write_table(rows, out)
        pictures = prepare_folder(out / 'pictures')
        for name, (image, mask) in tqdm(pairs.items(), desc='pictures'):
            write_picture(name, image, mask, args.names, out / 'masks', args.threshold, pictures)
    print(markdown)
    print(f'wrote {out / "metrics.md"}, {out / "metrics.csv"} and {len(pairs)} pictures in '
          f'{pictures}')


if __name__ == '__main__':
    run(main)
