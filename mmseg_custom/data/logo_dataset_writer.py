"""Write a synthetic logo dataset in the challenge's layout: img/*.jpg and mask/*.bmp.

Image `i` is drawn from its own random generator seeded by (seed, i), so the output does not
depend on the number of workers or the order in which they finish. An image and its mask are
written together or not at all; a run the disk stops keeps only whole pairs and says how many.
"""
from functools import partial
from multiprocessing import Pool
from pathlib import Path

from tqdm import tqdm

from mmseg_custom.data.logo_sampler import (DEFAULT_LOGO, IMAGE_HEIGHT, IMAGE_WIDTH,  # noqa: F401
                                            LogoRecipe, LogoSampler, load_logo_rgba)
from mmseg_custom.data.output_folders import make_empty_folders, tidy_incomplete
from mmseg_custom.errors import OptionError
from mmseg_custom.file_output import OutputError, encode_image, write_files_together

JPEG_QUALITY = 90

_worker_state = {}


def _init_worker(recipe: LogoRecipe) -> None:
    _worker_state['sampler'] = LogoSampler(recipe)


def _write_sample(index: int, out_dir: Path) -> None:
    image, mask = _worker_state['sampler'](index)
    stem = f'{index:05d}'
    image_path, mask_path = out_dir / 'img' / f'{stem}.jpg', out_dir / 'mask' / f'{stem}.bmp'
    write_files_together([(image_path, encode_image(image[..., ::-1], image_path, JPEG_QUALITY)),
                          (mask_path, encode_image(mask, mask_path))])


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
    try:
        if workers <= 1:
            _init_worker(*init_args)
            for index in range(num):
                work(index)
                bar.update()
        else:
            with Pool(workers, initializer=_init_worker, initargs=init_args) as pool:
                for _ in pool.imap_unordered(work, range(num), chunksize=8):
                    bar.update()
    except OutputError as error:
        raise tidy_incomplete(error, num, out_dir / 'img', out_dir / 'mask') from None
    finally:
        bar.close()
    return out_dir
