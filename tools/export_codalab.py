"""Predict every image of a folder and zip the masks for CodaLab (CelebAMask face parsing, AI6126
project 1).

The zip holds one subfolder (--folder) with one PNG per image, named like the image with
.png (100.jpg -> 100.png), 512x512 (--size), values 0..18. It is refused, and not written,
when it would exceed CodaLab's 30 MB (--max-mb), when an image cannot be read, or when a mask
is not of the expected size.

Example:
  python tools/export_codalab.py configs/celebamask/segformer_mit-b2.py work_dirs/x/best.pth \\
      data/celebamask/test/test_image --out submission.zip --tta
"""
import argparse
from pathlib import Path

from tqdm import tqdm

from mmseg_custom.cli import images_and_model, positive_int, run, user_errors
from mmseg_custom.export.codalab import (CODALAB_MAX_BYTES, SubmissionError, face_mask_name,
                                        write_codalab_zip)
from mmseg_custom.file_output import refuse_shared_names
from mmseg_custom.inference import Failure, predict_files


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='model config (e.g. configs/celebamask/segformer_mit-b2.py)')
    parser.add_argument('checkpoint', help='trained weights')
    parser.add_argument('image_dir', type=Path, help='folder of test images')
    parser.add_argument('--out', type=Path, default=Path('submission.zip'),
                        help='zip to write (default: %(default)s)')
    parser.add_argument('--folder', default='masks',
                        help='name of the subfolder inside the zip (default: %(default)s)')
    parser.add_argument('--tta', action='store_true',
                        help="flip/scale test-time augmentation with the config's tta_model")
    parser.add_argument('--size', type=int, default=512,
                        help='side every mask must have, 0 for any (default: %(default)s)')
    parser.add_argument('--max-mb', type=float, default=CODALAB_MAX_BYTES / 1e6,
                        help='largest zip accepted, in MB (default: %(default)s)')
    parser.add_argument('--device', default='cpu', help='cpu, cuda or cuda:N (default: cpu)')
    parser.add_argument('--batch-size', type=positive_int, default=1,
                        help='images per forward pass (default: 1)')
    return parser.parse_args(argv)


def predicted_masks(model, images, batch_size):
    """(<stem>.png, labels) for every image; an unreadable image stops the export."""
    results = predict_files(model, images, batch_size, num_workers=0)
    for result in tqdm(results, total=len(images), desc='export', unit='img'):
        if isinstance(result, Failure):
            raise SubmissionError(f'{result.reason} (a submission must cover every image)')
        yield face_mask_name(result.img_path), result.pred_sem_seg.data[0].cpu().numpy()


def main(argv=None) -> int:
    args = parse_args(argv)
    with user_errors():
        images, model = images_and_model(args.image_dir, args.config, args.checkpoint,
                                         args.device, args.tta)
        refuse_shared_names(images, face_mask_name, 'mask')
        num_classes = len(model.dataset_meta['classes'])
        size = (args.size, args.size) if args.size else None
        written = write_codalab_zip(predicted_masks(model, images, args.batch_size), args.out,
                                    args.folder, num_classes, size, int(args.max_mb * 1e6))
    print(f'wrote {written} masks into {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, '
          f'folder {args.folder}/)')
    return 0


if __name__ == '__main__':
    run(main)
