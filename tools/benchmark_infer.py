"""Images per second of infer.py's batched path against a plain loop over
mmseg.apis.inference_model, same model, same images (a benchmark: it prints, it asserts nothing).

Example: python tools/benchmark_infer.py --num 64 --batch-size 8
"""
import argparse
import tempfile
import time
from pathlib import Path

import torch
from mmseg.apis import inference_model

from mmseg_custom.image_io import list_images
from mmseg_custom.inference import drop_annotation_loaders, load_model, predict_files
from mmseg_custom.shipped_models import LOGO_CHECKPOINT


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--images', type=Path, help='folder of images (default: synthetic)')
    parser.add_argument('--num', type=int, default=64, help='synthetic images to make')
    parser.add_argument('--checkpoint', default=str(LOGO_CHECKPOINT))
    parser.add_argument('--config', help='default: the config inside the checkpoint')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--workers', type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.images
        if folder is None:
            from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
            folder = make_logo_dataset(Path(scratch), args.num, seed=123, workers=2) / 'img'
        paths = list_images(folder)
        model = load_model(args.config, args.checkpoint, args.device)
        # inference_model drops only mmseg's own LoadAnnotations from cfg.test_pipeline
        model.cfg.test_pipeline = drop_annotation_loaders(model.cfg.test_pipeline)
        print(f'{len(paths)} images, {torch.get_num_threads()} threads, device {args.device}')

        def batched():
            for _ in predict_files(model, paths, args.batch_size, args.workers):
                pass

        def plain_loop():
            with torch.no_grad():
                for path in paths:
                    inference_model(model, str(path))

        inference_model(model, str(paths[0]))  # warm-up
        fast, slow = timed(batched), timed(plain_loop)
    print(f'infer.py path (batch {args.batch_size}, {args.workers} decode workers): '
          f'{len(paths) / fast:.2f} images/s')
    print(f'loop over mmseg.apis.inference_model:  {len(paths) / slow:.2f} images/s')
    print(f'speed-up: {slow / fast:.2f}x')


if __name__ == '__main__':
    main()
