"""Score settings of the logo fit on validation data: one row per candidate, with the mean
per-image IoU and the fit's CPU seconds per image (one torch thread, as infer.py's fit workers).

The model's probabilities (with the flip TTA, as infer.py) are predicted once; each --set is a
JSON object of FitSettings fields changed from the defaults. The first row is the network's
own mask, the second the defaults. Choose settings on validation images, never on the test set.

--acceptance compares acceptance rules instead (each --set then holds min_agreement,
min_agreement_one_logo or min_explained): every group is fitted once with --logo and once with
--wrong-logo, a template that is not the images' logo, and each rule is scored for both, beside
the network alone. A safe rule keeps the wrong template within 0.01 of the network alone.

Examples (the guide's tables):
  python tools/make_logo_dataset.py data/logo/val_heldout --num 100 --seed 3 \\
      --background-set heldout
  python tools/tune_logo_fit.py data/logo/val_heldout/img data/logo/val_heldout/mask \\
      --set '{"fine_candidates": 4}' --set '{"angles": 24}'
  python tools/draw_logo.py work_dirs/stand_in_logo.png --stand-in
  python tools/tune_logo_fit.py data/logo/mila_val_heldout/img data/logo/mila_val_heldout/mask \
      --acceptance --wrong-logo work_dirs/stand_in_logo.png --set '{"min_explained": 0.8}'
"""
import argparse
import json
from dataclasses import fields
from pathlib import Path

from tqdm import tqdm

from mmseg_custom.cli import images_and_model, run, user_errors
from mmseg_custom.logo_fit import FitSettings, load_logo_alpha
from mmseg_custom.logo_fit.tuning import (fit_all_groups, predict_probabilities, read_truths,
                                          score_acceptance, score_settings)
from mmseg_custom.shipped_models import LOGO_CHECKPOINT, LOGO_TEMPLATE


def settings_overrides(text: str) -> dict:
    """argparse type: a JSON object whose keys are FitSettings fields."""
    try:
        overrides = json.loads(text)
    except json.JSONDecodeError as error:
        raise argparse.ArgumentTypeError(f'not JSON ({error}): {text}')
    valid = {f.name for f in fields(FitSettings)}
    if not isinstance(overrides, dict) or not set(overrides) <= valid:
        raise argparse.ArgumentTypeError(
            f'{text}: expected a JSON object with keys among {", ".join(sorted(valid))}')
    return overrides


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('image_dir', type=Path)
    parser.add_argument('mask_dir', type=Path)
    parser.add_argument('--set', dest='candidates', action='append', default=[],
                        type=settings_overrides, help='FitSettings fields as JSON (repeatable)')
    parser.add_argument('--checkpoint', default=str(LOGO_CHECKPOINT))
    parser.add_argument('--config', help='default: the config inside the checkpoint')
    parser.add_argument('--logo', type=Path, default=LOGO_TEMPLATE, help='RGBA template')
    parser.add_argument('--acceptance', action='store_true',
                        help='compare acceptance rules, with --logo and with --wrong-logo')
    parser.add_argument('--wrong-logo', type=Path,
                        help='with --acceptance: an RGBA template that is not the images\' logo')
    args = parser.parse_args(argv)
    if args.acceptance and args.wrong_logo is None:
        parser.error('--acceptance needs --wrong-logo')

    with user_errors():
        images, model = images_and_model(args.image_dir, args.config, args.checkpoint,
                                         tta=True)
        probabilities = predict_probabilities(model, images)
        truths = read_truths(args.mask_dir, list(probabilities))
        alpha = load_logo_alpha(args.logo)
        if args.acceptance:
            compare_acceptance(alpha, load_logo_alpha(args.wrong_logo), probabilities, truths,
                               args.candidates)
            return
        print(f'{len(probabilities)} images; mean per-image IoU, fit CPU s/image')
        for overrides in tqdm([None, {}] + args.candidates, desc='settings', unit='row'):
            score = score_settings(alpha, probabilities, truths, overrides)
            name = 'no fit' if overrides is None else json.dumps(overrides) or '{}'
            tqdm.write(f'{score.image_iou:.4f}  {score.cpu_seconds:6.2f}  {name}')


def compare_acceptance(alpha, wrong_alpha, probabilities, truths, candidates) -> None:
    network = score_settings(alpha, probabilities, truths, None).image_iou
    right, right_fits = fit_all_groups(alpha, probabilities)
    wrong, wrong_fits = fit_all_groups(wrong_alpha, probabilities)
    print(f'{len(probabilities)} images; mean per-image IoU: the network alone {network:.4f}')
    print('right template  wrong template  acceptance (changes from the defaults)')
    for overrides in [{}] + candidates:
        print(f'{score_acceptance(right, right_fits, truths, overrides):.4f}'
              f'          {score_acceptance(wrong, wrong_fits, truths, overrides):.4f}'
              f'          {json.dumps(overrides) or "{}"}')


if __name__ == '__main__':
    run(main)
