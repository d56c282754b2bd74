"""Draw predicted and true outlines over a few images into one PNG.

Each row shows an image with the predicted mask's outline (red) and, beside it, the same image
with the true mask's outline (green), titled with the image's IoU. Predictions and masks are
matched to images by name, as tools/evaluate.py matches them.

Example:
  python tools/show_outlines.py data/logo/test/img work_dirs/pred data/logo/test/mask \
      --out work_dirs/outlines.png --num 4
"""
import argparse

from mmseg_custom.cli import positive_int, run, user_errors
from mmseg_custom.reporting.outlines import write_outline_sheet


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('image_dir', help='the images')
    parser.add_argument('pred_dir', help='predicted masks (0/255), named like the images')
    parser.add_argument('mask_dir', help='true masks (0/255), named like the images')
    parser.add_argument('--out', required=True, help='PNG to write')
    parser.add_argument('--num', type=positive_int, default=4,
                        help='images to show, the first by name (default: 4)')
    args = parser.parse_args(argv)
    with user_errors():
        out = write_outline_sheet(args.out, args.image_dir, args.pred_dir, args.mask_dir,
                                  args.num)
    print(f'picture: {out}')


if __name__ == '__main__':
    run(main)
