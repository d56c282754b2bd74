"""Write synthetic face-like data in the CelebAMask-HQ course layout, for tests and CPU demos.

OUT/train/train_image/*.jpg + train/train_mask/*.png, OUT/val/val_image + val/val_mask and
OUT/test/test_image (no masks); masks are palette PNGs of class indices 0..18.

Example: python tools/make_face_dataset.py data/face_synth --size 128 --train 200 --val 20
"""
import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from mmseg_custom.cli import run, user_errors
from mmseg_custom.data.face_synth import make_face_dataset
from mmseg_custom.data.output_folders import make_empty_folders


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out_dir', help='data root to create')
    parser.add_argument('--train', type=int, default=200, help='training faces (default: 200)')
    parser.add_argument('--val', type=int, default=20, help='validation faces (default: 20)')
    parser.add_argument('--test', type=int, default=8, help='test faces, no masks (default: 8)')
    parser.add_argument('--size', type=int, default=128,
                        help='side in pixels (the course uses 512; default: 128)')
    parser.add_argument('--seed', type=int, default=0, help='random seed (default: 0)')
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.size < 32:
        sys.exit(f'error: --size must be at least 32 pixels, got {args.size}')
    splits = [(name, num) for name, num in (('train', args.train), ('val', args.val),
                                            ('test', args.test)) if num > 0]
    if not splits:
        sys.exit('error: nothing to write: give --train, --val or --test a positive number')
    with user_errors():  # every split's folders checked before any is written
        make_empty_folders(*(Path(args.out_dir) / name / f'{name}_{kind}' for name, _ in splits
                             for kind in (('image',) if name == 'test' else ('image', 'mask'))))
        for offset, (name, num) in enumerate(tqdm(splits, desc='splits', unit='split')):
            make_face_dataset(args.out_dir, name, num, seed=args.seed * 10 + offset,
                              size=args.size, with_masks=name != 'test')
    print(f'wrote {", ".join(f"{num} {name}" for name, num in splits)} faces to {args.out_dir}')


if __name__ == '__main__':
    run(main)
