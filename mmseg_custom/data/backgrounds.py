"""Background photographs for the synthetic logo data, varied by crop, scale, flip, blending,
false colour and colour jitter.

Offline, the only natural photographs at hand are the ones scikit-image ships. They are split
into a training set and a held-out set, so a test set can use backgrounds that training never
saw. A user's own folder of photographs replaces both.
"""
from pathlib import Path
from typing import Callable, Dict, List, Optional

import numpy as np
import skimage.data
from matplotlib import colormaps
from skimage.color import hsv2rgb, rgb2hsv
from skimage.transform import resize

from mmseg_custom.errors import OptionError
from mmseg_custom.image_io import IMAGE_SUFFIXES, list_images, read_bgr_uint8, to_bgr_uint8

COLORMAPS = ('viridis', 'magma', 'plasma', 'cividis', 'twilight', 'turbo', 'hsv', 'Spectral',
             'coolwarm', 'terrain')

# Photographs and textures shipped inside scikit-image (no download needed).
SKIMAGE_BACKGROUNDS: Dict[str, Dict[str, Callable[[], np.ndarray]]] = {
    'train': {
        name: getattr(skimage.data, name)
        for name in ('astronaut', 'camera', 'chelsea', 'coffee', 'coins', 'hubble_deep_field',
                     'immunohistochemistry', 'moon', 'brick', 'grass', 'gravel', 'page',
                     'text', 'clock')
    },
    'heldout': {
        'rocket': skimage.data.rocket,
        'retina': skimage.data.retina,
        'motorcycle': lambda: skimage.data.stereo_motorcycle()[0],
    },
}


def load_backgrounds(source: str = 'train', folder: Optional[str] = None) -> List[np.ndarray]:
    """Return uint8 RGB photographs: those in `folder`, or scikit-image's `source` set."""
    if folder is not None:
        return _load_folder(Path(folder))
    if source not in SKIMAGE_BACKGROUNDS:
        raise OptionError(f'unknown background set {source!r}; choose one of '
                          f'{sorted(SKIMAGE_BACKGROUNDS)} or pass a folder')
    return [to_rgb_uint8(load()) for load in SKIMAGE_BACKGROUNDS[source].values()]


def _load_folder(folder: Path) -> List[np.ndarray]:
    if not folder.is_dir():
        raise FileNotFoundError(f'background folder {folder} does not exist')
    paths = list_images(folder)
    if not paths:
        raise FileNotFoundError(f'no images ({", ".join(sorted(IMAGE_SUFFIXES))}) in {folder}')
    return [read_bgr_uint8(p)[..., ::-1].copy() for p in paths]


def to_rgb_uint8(image: np.ndarray) -> np.ndarray:
    """A scikit-image sample (gray, RGB or RGBA; bool or uint8) as uint8 RGB."""
    if image.dtype == bool:
        image = image.astype(np.uint8) * 255
    # to_bgr_uint8 only replicates gray channels and drops alpha, so it serves RGB just as well.
    return to_bgr_uint8(image)


def random_background(photos: List[np.ndarray], rng: np.random.Generator,
                      height: int = 340, width: int = 512) -> np.ndarray:
    """A random view of the photos at (height, width): cropped, rescaled, flipped, sometimes
    blended with a second view or false-coloured, always colour-jittered; uint8 RGB."""
    image = random_view(photos, rng, height, width)
    if rng.random() < 0.3:  # a double exposure of two photos: textures no single photo has
        weight = rng.uniform(0.3, 0.7)
        image = weight * image + (1 - weight) * random_view(photos, rng, height, width)
    if rng.random() < 0.3:  # false colours, so gray photos come in saturated hues too
        colormap = colormaps[COLORMAPS[int(rng.integers(len(COLORMAPS)))]]
        image = colormap(image.mean(axis=2))[..., :3]
    return jitter_colour(image, rng)


def random_view(photos: List[np.ndarray], rng: np.random.Generator, height: int,
                width: int) -> np.ndarray:
    """A random crop of a random photo, resized to (height, width), maybe flipped; float RGB."""
    photo = photos[int(rng.integers(len(photos)))]
    ph, pw = photo.shape[:2]
    # The largest crop with the target aspect ratio, shrunk by a random zoom.
    full_h = min(ph, pw * height / width)
    crop_h = max(8, int(full_h * rng.uniform(0.35, 1.0)))
    crop_w = max(8, min(pw, int(crop_h * width / height)))
    top = int(rng.integers(0, ph - crop_h + 1))
    left = int(rng.integers(0, pw - crop_w + 1))
    crop = photo[top:top + crop_h, left:left + crop_w]
    image = resize(crop, (height, width), order=1, anti_aliasing=True)  # float in [0, 1]
    return image[:, ::-1] if rng.random() < 0.5 else image


def jitter_colour(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random hue, saturation, per-channel colour cast, contrast and brightness.

    Most of scikit-image's photographs are grayscale: the colour cast tints them, and hue
    shifts over the whole circle put magenta-like colours into backgrounds too, so a model
    cannot find the logo by its hue alone. Returns uint8 RGB.
    """
    hsv = rgb2hsv(image)
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(0.0, 1.0)) % 1.0
    hsv[..., 1] = np.clip(hsv[..., 1] * rng.uniform(0.6, 1.4), 0, 1)
    image = hsv2rgb(hsv) * rng.uniform(0.75, 1.25, size=3)
    mean = image.mean()
    image = (image - mean) * rng.uniform(0.7, 1.3) + mean * rng.uniform(0.7, 1.3)
    return np.clip(np.rint(image * 255), 0, 255).astype(np.uint8)
