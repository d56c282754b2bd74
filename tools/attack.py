"""Attack a segmentation model and show what changed.

    python tools/attack.py CONFIG CHECKPOINT IMAGE_DIR --out DIR --method fgsm|pgd|learned

White-box attacks with the model's weights frozen, under an L-inf budget in pixel space
(--eps 8/255 is 8 grey levels; the model's mean/std normalisation is applied after the
perturbation). Goals: --untargeted (change as many pixel labels as possible, the default),
or --target-class NAME with --goal appear (the model sees NAME everywhere) or vanish (NAME
disappears). --method learned applies an attacker trained by tools/train_attacker.py, whose
file carries its own budget and goal.

Writes DIR/<image>.png (image | amplified perturbation | perturbed image | mask before |
mask after), DIR/per_image.csv and DIR/summary.json (success rate, mean pixel-accuracy drop,
L-inf and L2 of the perturbations, PSNR). Pixel accuracy is measured against --mask-dir's
ground truth when given, else against the clean prediction. Images are attacked at their own
resolution, one at a time.
"""
import argparse
import csv
import json
import math
import sys
from dataclasses import asdict
from pathlib import Path

import cv2
import numpy as np
import torch
from PIL import Image
from tqdm import tqdm

from mmseg_custom.attacks.goals import APPEAR, VANISH
from mmseg_custom.attacks.gradient import fgsm, pgd
from mmseg_custom.attacks.inputs import goal_from_names, load_image, parse_budget
from mmseg_custom.attacks.learned import load_attacker
from mmseg_custom.attacks.pixel_model import PixelSpaceSegmentor
from mmseg_custom.attacks.report import attack_picture, measure, summarize
from mmseg_custom.cli import fail, images_and_model, positive_int, run, user_errors
from mmseg_custom.errors import InputError
from mmseg_custom.file_output import (atomic_output, prepare_folder, refuse_shared_names,
                                      write_bytes_atomically, write_image_atomically)
from mmseg_custom.image_io import UnreadableImageError
from mmseg_custom.label_checks import check_label_values


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='model config')
    parser.add_argument('checkpoint', help='trained weights (.pth)')
    parser.add_argument('image_dir', type=Path, help='folder of images to attack')
    parser.add_argument('--out', type=Path, required=True, help='folder for pictures and summary')
    parser.add_argument('--method', choices=('fgsm', 'pgd', 'learned'), default='pgd',
                        help='attack (default: %(default)s)')
    parser.add_argument('--eps', default=None,
                        help='L-inf budget in [0, 1] pixel units, e.g. 8/255 (default: 8/255; '
                             'learned: the attacker\'s own)')
    parser.add_argument('--steps', type=positive_int, default=10, help='PGD steps (default: 10)')
    parser.add_argument('--step-size', default=None,
                        help='PGD step, e.g. 2/255 (default: 2.5 * eps / steps)')
    parser.add_argument('--no-random-start', action='store_true',
                        help='PGD starts from the clean image instead of a random point')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--target-class', help='class to make appear or vanish (see --goal)')
    group.add_argument('--untargeted', action='store_true',
                       help='change as many labels as possible (the default)')
    parser.add_argument('--goal', choices=(APPEAR, VANISH), default=APPEAR,
                        help='with --target-class: make it appear or vanish (default: appear)')
    parser.add_argument('--attacker', type=Path, help='--method learned: the trained attacker')
    parser.add_argument('--mask-dir', type=Path,
                        help='ground-truth masks (<image stem>.png) for pixel accuracy')
    parser.add_argument('--success-fraction', type=float, default=0.5,
                        help='fraction of pixels that must go the attacker\'s way (default: 0.5)')
    parser.add_argument('--save-perturbed', action='store_true',
                        help='also write each perturbed image as DIR/perturbed/<image>.png')
    parser.add_argument('--device', default='cpu', help='cpu, cuda or cuda:N (default: cpu)')
    parser.add_argument('--seed', type=int, default=0, help='PGD random start (default: 0)')
    return parser.parse_args(argv)


def build_attack(args, model, pixel_model):
    """(function images -> perturbation, goal, eps) from the command line."""
    if args.method == 'learned':
        if args.attacker is None or not args.attacker.is_file():
            sys.exit('error: --method learned needs --attacker FILE, written by '
                     'tools/train_attacker.py' + (f' ({args.attacker} does not exist)'
                                                  if args.attacker else ''))
        generator, goal = load_attacker(args.attacker)
        generator.to(args.device)
        if args.eps is not None and not math.isclose(parse_budget(args.eps), generator.eps):
            sys.exit(f'error: {args.attacker} was trained for eps {generator.eps:.5f}; leave '
                     '--eps out or train another attacker')
        print(f'learned attacker {args.attacker}: goal {goal.kind}, eps {generator.eps:.5f}')
        return (lambda images: generator(images).detach()), goal, generator.eps
    eps = parse_budget(args.eps or '8/255')
    goal = goal_from_names(model.dataset_meta['classes'], args.target_class, args.goal,
                           args.success_fraction)
    if args.method == 'fgsm':
        return (lambda images: fgsm(pixel_model, images, goal, eps)), goal, eps
    step = parse_budget(args.step_size) if args.step_size else None
    rng = torch.Generator().manual_seed(args.seed)
    return (lambda images: pgd(pixel_model, images, goal, eps, args.steps, step,
                               not args.no_random_start, rng)), goal, eps


def read_reference(mask_dir, stem, clean, num_classes=None):
    if mask_dir is None:
        return clean
    path = mask_dir / f'{stem}.png'
    if not path.is_file():
        raise UnreadableImageError(f'no ground-truth mask {path} for image {stem}')
    mask = np.array(Image.open(path))
    if num_classes is not None:
        try:
            check_label_values(mask, path, num_classes)
        except InputError as error:
            raise UnreadableImageError(str(error)) from error
    if mask.shape != clean.shape:
        raise UnreadableImageError(f'mask {path} is {mask.shape[1]}x{mask.shape[0]}, its image '
                                   f'{clean.shape[1]}x{clean.shape[0]}')
    return mask


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.out.resolve() == args.image_dir.resolve():
        fail('--out must differ from the image folder')
    with user_errors():
        images, model = images_and_model(args.image_dir, args.config, args.checkpoint,
                                         args.device)
        refuse_shared_names(images, lambda path: path.stem + '.png', 'picture')
        pixel_model = PixelSpaceSegmentor(model)
        attack, goal, eps = build_attack(args, model, pixel_model)
        prepare_folder(args.out / 'perturbed' if args.save_perturbed else args.out)
        return attack_all(args, images, model, pixel_model, attack, goal, eps)


def attack_all(args, images, model, pixel_model, attack, goal, eps) -> int:
    """Attack every image, write its picture, the table and the summary; 1 if any failed."""
    palette = model.dataset_meta.get('palette')
    reports, failures = [], 0
    for path in tqdm(images, desc=f'{args.method} attack', unit='img'):
        try:
            image = load_image(path, args.device)
            delta = attack(image)
            clean = pixel_model.predict(image)[0].cpu().numpy()
            attacked = pixel_model.predict(image + delta)[0].cpu().numpy()
            reference = read_reference(args.mask_dir, path.stem, clean,
                                       len(model.dataset_meta['classes']))
        except UnreadableImageError as error:
            failures += 1
            tqdm.write(f'error: {error}', file=sys.stderr)
            continue
        success = goal.succeeded(torch.from_numpy(clean), torch.from_numpy(attacked))
        delta_np = delta[0].permute(1, 2, 0).cpu().numpy()[..., ::-1]  # BGR -> RGB
        image_np = image[0].permute(1, 2, 0).cpu().numpy()[..., ::-1]
        reports.append(measure(path.name, delta_np, clean, attacked, reference, success))
        picture = attack_picture(image_np, delta_np, clean, attacked, palette, eps)
        write_image_atomically(cv2.cvtColor(picture, cv2.COLOR_RGB2BGR),
                               args.out / f'{path.stem}.png')
        if args.save_perturbed:
            perturbed = ((image + delta)[0].permute(1, 2, 0).cpu().numpy() * 255).round()
            write_image_atomically(perturbed.astype(np.uint8),
                                   args.out / 'perturbed' / f'{path.stem}.png')
    if not reports:
        fail('no image could be attacked')
    with atomic_output(args.out / 'per_image.csv') as temporary, \
            temporary.open('w', newline='') as handle:
        writer = csv.DictWriter(handle, fieldnames=list(asdict(reports[0])))
        writer.writeheader()
        writer.writerows(asdict(r) for r in reports)
    summary = dict(method=args.method, eps=eps, eps_255=eps * 255, goal=goal.kind,
                   target_class=(model.dataset_meta['classes'][goal.target_class]
                                 if goal.target_class is not None else None),
                   steps=args.steps if args.method == 'pgd' else None,
                   reference='ground truth' if args.mask_dir else 'clean prediction',
                   **summarize(reports))
    write_bytes_atomically((json.dumps(summary, indent=2) + '\n').encode(),
                           args.out / 'summary.json')
    for key, value in summary.items():
        print(f'{key:>24}: {value}')
    return 1 if failures else 0


if __name__ == '__main__':
    run(main)
