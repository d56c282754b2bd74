"""Train a learned attacker.

    python tools/train_attacker.py CONFIG CHECKPOINT IMAGE_DIR --out attacker.pth

An encoder-decoder maps each image to a perturbation bounded by --eps (it ends in
eps * tanh), trained against the frozen segmentation model with the goal's loss plus
--norm-weight times the perturbation's mean square (in units of eps^2). Goals as in
tools/attack.py: --untargeted (default) or --target-class NAME --goal appear|vanish.
Apply it with: python tools/attack.py CONFIG CHECKPOINT IMAGE_DIR --out DIR --method learned
--attacker attacker.pth
"""
import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from mmseg_custom.attacks.goals import APPEAR, VANISH
from mmseg_custom.attacks.inputs import goal_from_names, load_image, parse_budget
from mmseg_custom.attacks.learned import save_attacker, train_attacker
from mmseg_custom.attacks.pixel_model import PixelSpaceSegmentor
from mmseg_custom.cli import fail, images_and_model, positive_int, run, user_errors
from mmseg_custom.file_output import prepare_parent
from mmseg_custom.image_io import UnreadableImageError


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='model config')
    parser.add_argument('checkpoint', help='trained weights of the model to attack (.pth)')
    parser.add_argument('image_dir', type=Path, help='folder of training images')
    parser.add_argument('--out', type=Path, required=True, help='attacker file to write (.pth)')
    parser.add_argument('--eps', default='8/255', help='L-inf budget (default: %(default)s)')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--target-class', help='class to make appear or vanish (see --goal)')
    group.add_argument('--untargeted', action='store_true', help='the default goal')
    parser.add_argument('--goal', choices=(APPEAR, VANISH), default=APPEAR,
                        help='with --target-class: appear or vanish (default: appear)')
    parser.add_argument('--epochs', type=positive_int, default=10,
                        help='passes over the images (default: 10)')
    parser.add_argument('--lr', type=float, default=1e-3, help='Adam learning rate (default: 1e-3)')
    parser.add_argument('--norm-weight', type=float, default=0.1,
                        help='weight of the L2 penalty (default: %(default)s)')
    parser.add_argument('--success-fraction', type=float, default=0.5,
                        help='stored with the goal, used by tools/attack.py (default: 0.5)')
    parser.add_argument('--device', default='cpu', help='cpu, cuda or cuda:N (default: cpu)')
    parser.add_argument('--seed', type=int, default=0, help='initialisation and order (default: 0)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    with user_errors():
        eps = parse_budget(args.eps)
        paths, model = images_and_model(args.image_dir, args.config, args.checkpoint,
                                        args.device)
        goal = goal_from_names(model.dataset_meta['classes'], args.target_class, args.goal,
                               args.success_fraction)
        prepare_parent(args.out)  # a wrong --out is found before the training, not after
    images = []
    for path in paths:
        try:
            images.append(load_image(path, args.device))
        except UnreadableImageError as error:
            print(f'warning: skipping {error}', file=sys.stderr)
    if not images:
        fail('none of the images could be read')
    generator = train_attacker(PixelSpaceSegmentor(model), images, goal, eps, args.epochs,
                               args.lr, args.norm_weight, args.seed,
                               progress=lambda r: tqdm(r, desc='epochs', unit='epoch'))
    with user_errors():
        save_attacker(generator.cpu(), goal, args.out)
    print(f'wrote attacker ({goal.kind}, eps {eps:.5f}, {args.epochs} epochs on '
          f'{len(images)} images) to {args.out}')
    return 0


if __name__ == '__main__':
    run(main)
