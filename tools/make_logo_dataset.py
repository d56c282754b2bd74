"""Generate synthetic logo-challenge data: OUT_DIR/img/*.jpg (340x512) and OUT_DIR/mask/*.bmp
(0/255).

Follows the Mila logo challenge's recipe with scikit-image (random flip, rotation, swirl, scale,
translation, alpha in [0.1, 0.4], 1-3 logos per image) over scikit-image's photographs or your
own. Training data may go further (--dead-leaves, --wide-scales, --vary-colour, --distractors);
a test set keeps the recipe.

Examples:
  python tools/make_logo_dataset.py data/logo/train --num 4000 --seed 0 --workers 2
  python tools/make_logo_dataset.py data/logo/train3 --num 3000 --seed 20 --dead-leaves 0.5
  python tools/make_logo_dataset.py data/logo/mila_train --num 6000 --seed 50 --dead-leaves 0.5 \
      --wide-scales --vary-colour --distractors 0.3 --workers 2
  python tools/make_logo_dataset.py data/logo/test --num 200 --seed 7 --background-set heldout
  python tools/make_logo_dataset.py out --num 100 --logo my_logo.png --backgrounds photos/
"""
import argparse

from mmseg_custom.cli import run, user_errors
from mmseg_custom.data.backgrounds import SKIMAGE_BACKGROUNDS
from mmseg_custom.data.logo_compositor import SCALE_RANGE, WIDE_SCALE_RANGE
from mmseg_custom.data.logo_dataset_writer import DEFAULT_LOGO, make_logo_dataset


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out_dir', help='output folder (img/ and mask/ are created in it)')
    parser.add_argument('--num', type=int, required=True, help='number of images')
    parser.add_argument('--seed', type=int, default=0, help='random seed (default: 0)')
    parser.add_argument('--logo', default=str(DEFAULT_LOGO),
                        help='RGBA logo with a transparent background (default: the shipped one)')
    parser.add_argument('--backgrounds', help='folder of your own background photographs')
    parser.add_argument('--background-set', default='train', choices=sorted(SKIMAGE_BACKGROUNDS),
                        help="scikit-image photographs to use without --backgrounds; 'heldout' "
                        'holds photos the training set never uses (default: train)')
    parser.add_argument('--dead-leaves', type=float, default=0.0, metavar='FRACTION',
                        help='fraction of backgrounds drawn procedurally (overlapping shapes, '
                        'strokes and letters, textured by a photo) instead of photographs; '
                        'more varied training data (default: 0)')
    parser.add_argument('--wide-scales', action='store_true',
                        help='scale factors in [%.3f, %.3f], the recipe\'s [%.2f, %.2f] widened by '
                        '20%% on both sides' % (*WIDE_SCALE_RANGE, *SCALE_RANGE))
    parser.add_argument('--vary-colour', action='store_true',
                        help="change each logo copy's hue, saturation and brightness around the "
                        "logo file's colour, with a gentle gradient")
    parser.add_argument('--distractors', type=float, default=0.0, metavar='FRACTION',
                        help='fraction of backgrounds given printed text and a foreign logo, '
                        'never in the mask (default: 0)')
    parser.add_argument('--workers', type=int, default=1, help='parallel processes (default: 1)')
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    with user_errors():  # the generator refuses a used folder before writing anything
        out = make_logo_dataset(
            args.out_dir, args.num, args.seed, args.workers, logo_path=args.logo,
            background_dir=args.backgrounds, background_set=args.background_set,
            dead_leaves=args.dead_leaves,
            scale_range=WIDE_SCALE_RANGE if args.wide_scales else SCALE_RANGE,
            vary_colour=args.vary_colour, distractors=args.distractors)
    print(f'wrote {args.num} images to {out / "img"} and masks to {out / "mask"}')


if __name__ == '__main__':
    run(main)
