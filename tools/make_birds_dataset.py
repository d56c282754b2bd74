"""Generate synthetic bird-like photographs in the CUB-200-2011 layout, for tests and CPU runs:
OUT_DIR/images/<class>/<name>.jpg, OUT_DIR/segmentations/<class>/<name>.png (soft 0..255 masks)
and a CUB-style OUT_DIR/images.txt. About 15% of the images are grayscale, as in the bird
segmentation assignment.

Examples:
  python tools/make_birds_dataset.py data/birds/train --num 160 --seed 0
  python tools/make_birds_dataset.py data/birds/val   --num 40  --seed 1
  python tools/make_birds_dataset.py data/unet_lab/train --num 10 --mask-folder masks
"""
import argparse

from mmseg_custom.cli import run, user_errors
from mmseg_custom.data.synthetic_birds import make_birds_dataset


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out_dir', help='output folder (images/ and the mask folder go in it)')
    parser.add_argument('--num', type=int, required=True, help='number of images')
    parser.add_argument('--seed', type=int, default=0, help='random seed (default: 0)')
    parser.add_argument('--mask-folder', default='segmentations',
                        help="name of the mask folder (default: segmentations, CUB's; "
                        "the lab's configs read 'masks')")
    parser.add_argument('--min-size', type=int, default=96, help='smallest side (default: 96)')
    parser.add_argument('--max-size', type=int, default=160, help='largest side (default: 160)')
    parser.add_argument('--gray-fraction', type=float, default=0.15,
                        help='share of grayscale images (default: 0.15)')
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    with user_errors():  # the generator refuses a used folder before writing anything
        names = make_birds_dataset(args.out_dir, args.num, args.seed, args.mask_folder,
                                   (args.min_size, args.max_size), args.gray_fraction)
    print(f'wrote {len(names)} images to {args.out_dir}/images and masks to '
          f'{args.out_dir}/{args.mask_folder}')


if __name__ == '__main__':
    run(main)
