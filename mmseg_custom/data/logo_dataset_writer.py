"""Write a synthetic logo dataset in the challenge's layout: img/*.jpg and mask/*.bmp.

Image `i` is drawn from its own random generator seeded by (seed, i), so the output does not
depend on the number of workers or the order in which they finish.
"""
from functools import partial
from multiprocessing import Pool
from pathlib import Path

import cv2
from tqdm import tqdm

from mmseg_custom.data.logo_sampler import (DEFAULT_LOGO, IMAGE_HEIGHT, IMAGE_WIDTH,  # noqa: F401
                                            LogoRecipe, LogoSampler, load_logo_rgba)
from mmseg_custom.data.output_folders import make_empty_folders
from mmseg_custom.errors import OptionError

JPEG_QUALITY = 90

_worker_state = {}


def _init_worker(recipe: LogoRecipe) -> None:
    _worker_state['sampler'] = LogoSampler(recipe)


def _write_sample(index: int, out_dir: Path) -> None:
    image, mask = _worker_state['sampler'](index)
    stem = f'{index:05d}'
    cv2.imwrite(str(out_dir / 'img' / f'{stem}.jpg'), image[..., ::-1],
                [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    cv2.imwrite(str(out_dir / 'mask' / f'{stem}.bmp'), mask)


def make_logo_dataset(out_dir, num: int, seed: int = 0, workers: int = 1, progress: bool = True,
                      **recipe_options) -> Path:
    """Generate `num` image/mask pairs under `out_dir`; returns `out_dir` as a Path.

    `recipe_options` are `LogoRecipe`'s fields (logo_path, background_set, dead_leaves, ...).
    """
    if num < 1:
        raise OptionError(f'--num must be at least 1, got {num}')
    recipe = LogoRecipe(seed=seed, **recipe_options)
    recipe.check()
    out_dir = Path(out_dir)
    make_empty_folders(out_dir / 'img', out_dir / 'mask')
    init_args = (recipe,)
    work = partial(_write_sample, out_dir=out_dir)
    bar = tqdm(total=num, desc='logo dataset', unit='img', disable=not progress)
    if workers <= 1:
        _init_worker(*init_args)
        for index in range(num):
            work(index)
            bar.update()
    else:
        with Pool(workers, initializer=_init_worker, initargs=init_args) as pool:
            for _ in pool.imap_unordered(work, range(num), chunksize=8):
                bar.update()
    bar.close()
    return out_dir
