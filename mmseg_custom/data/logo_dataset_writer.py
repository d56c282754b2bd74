"""Write a synthetic logo dataset in the challenge's layout: img/*.jpg and mask/*.bmp.

Image `i` is drawn from its own random generator seeded by (seed, i), so the output does not
depend on the number of workers or the order in which they finish.
"""
from functools import partial
from multiprocessing import Pool
from pathlib import Path
from typing import Optional

import cv2
import numpy as np
from tqdm import tqdm

from mmseg_custom.data.backgrounds import load_backgrounds, random_background
from mmseg_custom.data.dead_leaves import dead_leaves_background
from mmseg_custom.data.logo_compositor import composite, premultiply
from mmseg_custom.data.output_folders import make_empty_folders

DEFAULT_LOGO = Path(__file__).resolve().parents[1] / 'assets' / 'logo.png'
IMAGE_HEIGHT, IMAGE_WIDTH = 340, 512
JPEG_QUALITY = 90

_worker_state = {}


def load_logo_rgba(path: Path = DEFAULT_LOGO) -> np.ndarray:
    """Read an RGBA logo as uint8 RGBA; a logo without alpha is refused."""
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise FileNotFoundError(f'cannot read logo {path}')
    if image.ndim != 3 or image.shape[2] != 4:
        raise ValueError(f'logo {path} has no alpha channel; the logo must be an RGBA image '
                         'with a transparent background')
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    return cv2.cvtColor(image, cv2.COLOR_BGRA2RGBA)


def _init_worker(logo_path: Path, background_dir: Optional[str], background_set: str) -> None:
    _worker_state['logo'] = premultiply(load_logo_rgba(logo_path))
    _worker_state['photos'] = load_backgrounds(background_set, background_dir)


def _write_sample(index: int, out_dir: Path, seed: int, dead_leaves: float) -> None:
    rng = np.random.default_rng([seed, index])
    # No draw when the fraction is 0, so datasets made before the option stay the same.
    if dead_leaves > 0 and rng.random() < dead_leaves:
        background = dead_leaves_background(_worker_state['photos'], rng, IMAGE_HEIGHT,
                                            IMAGE_WIDTH)
    else:
        background = random_background(_worker_state['photos'], rng, IMAGE_HEIGHT, IMAGE_WIDTH)
    image, mask = composite(background, _worker_state['logo'], rng)
    stem = f'{index:05d}'
    cv2.imwrite(str(out_dir / 'img' / f'{stem}.jpg'), image[..., ::-1],
                [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    cv2.imwrite(str(out_dir / 'mask' / f'{stem}.bmp'), mask)


def make_logo_dataset(out_dir, num: int, seed: int = 0, logo_path=DEFAULT_LOGO,
                      background_dir: Optional[str] = None, background_set: str = 'train',
                      workers: int = 1, progress: bool = True, dead_leaves: float = 0.0) -> Path:
    """Generate `num` image/mask pairs under `out_dir`; returns `out_dir` as a Path.

    `dead_leaves` is the fraction of backgrounds drawn procedurally (see `dead_leaves.py`)
    instead of from the photographs.
    """
    if num < 1:
        raise ValueError(f'--num must be at least 1, got {num}')
    if not 0 <= dead_leaves <= 1:
        raise ValueError(f'--dead-leaves must be a fraction in [0, 1], got {dead_leaves}')
    out_dir = Path(out_dir)
    make_empty_folders(out_dir / 'img', out_dir / 'mask')
    init_args = (Path(logo_path), background_dir, background_set)
    work = partial(_write_sample, out_dir=out_dir, seed=seed, dead_leaves=dead_leaves)
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
