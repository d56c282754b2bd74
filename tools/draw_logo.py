"""Draw the project's logo (RGBA, 400x797): the Mila likeness into mmseg_custom/assets/logo.png,
or OUT. --stand-in draws the old, unrelated stand-in instead (a wrong template for tests).
"""
import argparse

from PIL import Image

from mmseg_custom.cli import run, user_errors
from mmseg_custom.data.logo_art import draw_logo, draw_stand_in_logo
from mmseg_custom.data.logo_dataset_writer import DEFAULT_LOGO
from mmseg_custom.file_output import atomic_output


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('out', nargs='?', default=str(DEFAULT_LOGO), help='PNG to write')
    parser.add_argument('--stand-in', action='store_true',
                        help='draw the old stand-in logo (twelve discs and "mila")')
    args = parser.parse_args(argv)
    logo = draw_stand_in_logo() if args.stand_in else draw_logo()
    with user_errors(), atomic_output(args.out, suffix='.png') as temporary:
        Image.fromarray(logo, mode='RGBA').save(temporary, format='PNG', optimize=True)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    run(main)
