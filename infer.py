"""Predict a mask for every image of a folder: python infer.py <image_dir> <output_dir>

Each mask is single channel, at the image's size, named by the kind of model:
  binary model (background/foreground, the logo challenge): 0/255, under the image's own file
    name (same stem, same extension: 7.jpg -> 7.jpg), as the challenge's scorer wants; a JPEG
    mask is lossy but thresholds back to the same 0/255 mask;
  multi-class model (VOC, face parsing, ...): class indices, always as lossless <stem>.png
    (100.jpg -> 100.png), as the CelebAMask CodaLab submission wants: JPEG would change them.
Without --checkpoint the model shipped in mmseg_custom/assets is used; without --config the
config stored inside the checkpoint is. --tta uses the config's tta_model and tta_pipeline
(for faces: flips whose left/right classes are swapped back before averaging); it is on by
default when the config sets infer_with_tta = True, as the logo configs do, and --no-tta turns
it off. --fit-logo (on by default when the config sets infer_with_logo_fit = True, as the
logo configs do) replaces each detected logo by the known template warped to fit it (see
mmseg_custom/logo_fit); see configs/logo/README.md for its cost.

Two images whose names agree up to the first dot (a.jpg, a.png) are refused before anything
is written: scorers match masks by that part of the name. Every mask is written whole or not
at all, with the umask's mode; after Ctrl-C the masks already written are complete.
"""
import argparse
import sys
from pathlib import Path
from typing import Optional

import numpy as np
from mmengine.model import BaseTTAModel
from tqdm import tqdm

from mmseg_custom.cli import (fail, images_and_model, non_negative_int, positive_int, run,
                              user_errors)
from mmseg_custom.errors import OptionError
from mmseg_custom.export.codalab import face_mask_name
from mmseg_custom.file_output import (first_dot_stem, prepare_folder, refuse_shared_names,
                                      write_image_atomically)
from mmseg_custom.image_io import IMAGE_SUFFIXES
from mmseg_custom.inference import Failure, predict_files, wrap_for_tta
from mmseg_custom.logo_fit import LogoFitter, load_logo_alpha
from mmseg_custom.logo_fit.stream import fit_predictions
from mmseg_custom.models import MeanProbabilityTTAModel
from mmseg_custom.shipped_models import LOGO_CHECKPOINT, LOGO_TEMPLATE


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('image_dir', type=Path, help='folder of input images')
    parser.add_argument('output_dir', type=Path,
                        help='folder for the masks (created if needed): a binary model keeps '
                        "each image's file name, a multi-class model writes <stem>.png")
    parser.add_argument('--config', help='model config; default: the one inside the checkpoint')
    parser.add_argument('--checkpoint', default=str(LOGO_CHECKPOINT),
                        help='model weights (default: %(default)s)')
    parser.add_argument('--device', default='cpu', help='cpu, cuda or cuda:N (default: cpu)')
    # Defaults measured on 2 CPU cores (README): larger batches and decode processes only
    # compete with torch's threads there (one thread reads ahead instead); on a GPU use e.g.
    # --batch-size 8 --workers 4.
    parser.add_argument('--batch-size', type=positive_int, default=1,
                        help='equal-sized images per forward pass (default: 1)')
    parser.add_argument('--workers', type=non_negative_int, default=0,
                        help='processes decoding images while the model runs (default: 0, '
                             'one thread reads ahead)')
    parser.add_argument('--tta', action=argparse.BooleanOptionalAction, default=None,
                        help="test-time augmentation with the config's tta_model/tta_pipeline "
                             "(default: the config's infer_with_tta, else off)")
    parser.add_argument('--fit-logo', action=argparse.BooleanOptionalAction, default=None,
                        help='replace each detected logo by the template warped to fit it '
                             "(binary models; default: the config's infer_with_logo_fit, "
                             'else off)')
    parser.add_argument('--logo', type=Path, default=LOGO_TEMPLATE,
                        help='RGBA logo whose alpha the fit warps (default: %(default)s)')
    return parser.parse_args(argv)


def refuse_same_folder(image_dir: Path, output_dir: Path) -> None:
    if output_dir.resolve() == image_dir.resolve():
        fail('the output folder must differ from the input folder, '
             'or the masks would overwrite the images')


def warn_about_other_files(image_dir: Path) -> None:
    """Non-image files are skipped, with a warning naming each."""
    for path in sorted(image_dir.iterdir()):
        if path.is_file() and path.suffix.lower() not in IMAGE_SUFFIXES:
            print(f'warning: skipping {path}: not an image file', file=sys.stderr)


def refuse_shared_stems(images) -> None:
    """Masks are matched to images and ground truth by the name before the first dot
    (tools/evaluate.py, the challenges' scorers); face masks are even named <stem>.png:
    a.jpg and a.png would give two masks for one image, or one mask for two."""
    refuse_shared_names(images, first_dot_stem, 'mask matched by the name')


def to_mask_image(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """Binary models give 0/255 masks; others keep their class indices (one pass, no copy
    beyond the uint8 mask)."""
    if num_classes == 2:
        return np.multiply(labels, 255, dtype=np.uint8, casting='unsafe')
    return labels.astype(np.uint8, copy=False)


def mask_name(image_path: str, binary: bool) -> str:
    """A binary mask keeps the image's own name (the logo challenge's rule); a class-index
    mask is <stem>.png, lossless whatever the image's format, the name the face parsing
    scorer looks for (100.jpg -> 100.png)."""
    return Path(image_path).name if binary else face_mask_name(image_path)


def switched_on(model, requested: Optional[bool], config_key: str) -> bool:
    """An on/off flag (--tta, --fit-logo) when given; otherwise the model's config decides."""
    return requested if requested is not None else bool(model.cfg.get(config_key, False))


def uses_tta(model, requested: Optional[bool]) -> bool:
    return switched_on(model, requested, 'infer_with_tta')


def logo_fitter(model, requested: Optional[bool], logo: Path) -> Optional[LogoFitter]:
    """A fitter when --fit-logo is on (or the config asks for it), else None."""
    if not switched_on(model, requested, 'infer_with_logo_fit'):
        return None
    if len(model.dataset_meta['classes']) != 2:
        raise OptionError('--fit-logo needs a binary (background/logo) model')
    if isinstance(model, BaseTTAModel) and not isinstance(model, MeanProbabilityTTAModel):
        raise OptionError('--fit-logo reads the mean probabilities of the TTA views: set '
                          "tta_model = dict(type='MeanProbabilityTTAModel') or use --no-tta")
    return LogoFitter(load_logo_alpha(logo))


def main(argv=None) -> int:
    args = parse_args(argv)
    refuse_same_folder(args.image_dir, args.output_dir)
    with user_errors():
        images, model = images_and_model(args.image_dir, args.config, args.checkpoint,
                                         args.device)
        warn_about_other_files(args.image_dir)
        refuse_shared_stems(images)
        if uses_tta(model, args.tta):
            model = wrap_for_tta(model)
        fitter = logo_fitter(model, args.fit_logo, args.logo)
        prepare_folder(args.output_dir)
        failures = write_masks(model, images, args, fitter)
    written = len(images) - failures
    print(f'wrote {written} mask(s) to {args.output_dir}'
          + (f'; {failures} image(s) could not be read' if failures else ''))
    return 1 if failures else 0


def write_masks(model, images, args, fitter: Optional[LogoFitter]) -> int:
    """Predict and write every mask; returns the number of images that could not be read."""
    num_classes = len(model.dataset_meta['classes'])
    failures = 0
    results = predict_files(model, images, args.batch_size, args.workers)
    if fitter is not None:
        results = fit_predictions(fitter, results)
    for result in tqdm(results, total=len(images), desc='infer', unit='img'):
        if isinstance(result, Failure):
            failures += 1
            tqdm.write(f'error: {result.reason}', file=sys.stderr)
            continue
        labels = result.pred_sem_seg.data[0].cpu().numpy()
        target = args.output_dir / mask_name(result.img_path, num_classes == 2)
        write_image_atomically(to_mask_image(labels, num_classes), target)
    return failures


if __name__ == '__main__':
    run(main)
