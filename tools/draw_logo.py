"""Draw the stand-in logo (RGBA, 400x797) into mmseg_custom/assets/logo.png, or OUT."""
import argparse

from PIL import Image

from mmseg_custom.cli import run, user_errors
from mmseg_custom.data.logo_art import draw_logo
from mmseg_custom.data.logo_dataset_writer import DEFAULT_LOGO
from mmseg_custom.file_output import atomic_output


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('out', nargs='?', default=str(DEFAULT_LOGO), help='PNG to write')
    args = parser.parse_args(argv)
    with user_errors(), atomic_output(args.out, suffix='.png') as temporary:
        Image.fromarray(draw_logo(), mode='RGBA').save(temporary, format='PNG', optimize=True)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    run(main)
