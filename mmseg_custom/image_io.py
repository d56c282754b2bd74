"""Reading arbitrary image files as the 8-bit, 3-channel arrays the models expect, including the
VOC 2009 Kaggle competition's images, RGB arrays saved with np.save (.npy)."""
from pathlib import Path
from typing import List, Union

import cv2
import numpy as np

from mmseg_custom.errors import InputError

IMAGE_SUFFIXES = frozenset({'.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp'})
# Arrays as the VOC 2009 course ships its images: H x W x 3 uint8 RGB (or H x W grey).
ARRAY_SUFFIX = '.npy'


class UnreadableImageError(InputError):
    """A file that looks like an image (by its suffix) but cannot be decoded."""


def list_images(folder: Path) -> List[Path]:
    """Image files directly inside `folder`, sorted by name."""
    return sorted(p for p in Path(folder).iterdir()
                  if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def require_images(folder: Path) -> List[Path]:
    """The images of a folder a tool was pointed at, or an error saying why there are none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f'image folder {folder} does not exist or is not a folder')
    images = list_images(folder)
    if not images:
        raise FileNotFoundError(f'no images in {folder} (looked for '
                                f'{", ".join(sorted(IMAGE_SUFFIXES))})')
    return images


def read_bgr_uint8(path: Path) -> np.ndarray:
    """Decode any grayscale, BGR or BGRA image of 8 or 16 bits, or an RGB .npy array, as uint8
    BGR, on its stored pixel grid: an EXIF orientation tag is not applied (OpenCV's
    IMREAD_UNCHANGED), the rule of every reader here (the configs' LoadImageFromFile uses
    color_ignore_orientation), since masks and the challenges' scorers use the stored grid.

    Raises UnreadableImageError naming the file when it cannot be decoded.
    """
    if Path(path).suffix.lower() == ARRAY_SUFFIX:
        return np.ascontiguousarray(read_rgb_npy(path)[..., ::-1])
    data = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED) if data.size else None
    if image is None:
        raise UnreadableImageError(f'cannot decode image {path}: the file is corrupt or '
                                   'not an image; fix or remove it')
    return to_bgr_uint8(image)


def to_bgr_uint8(image: np.ndarray) -> np.ndarray:
    """Normalise depth and channels: 16-bit -> 8-bit, gray -> 3 channels, alpha dropped."""
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 1:
        image = cv2.cvtColor(image[..., 0], cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(image)


def read_npy(path: Union[str, Path]) -> np.ndarray:
    """An array saved with np.save (no pickles); an unreadable file is an
    UnreadableImageError naming it."""
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise UnreadableImageError(f'cannot read {path} as a .npy array ({error}); fix or '
                                   'remove it') from None


def read_rgb_npy(path: Union[str, Path]) -> np.ndarray:
    """An H x W x 3 uint8 RGB image saved with np.save (the Kaggle competition's images);
    errors name the file."""
    image = read_npy(path)
    if image.ndim != 3 or image.shape[2] != 3:
        raise UnreadableImageError(f'{path} has shape {image.shape}; competition images are '
                                   'H x W x 3 RGB')
    if image.dtype != np.uint8:
        if image.min() < 0 or image.max() > 255:
            raise UnreadableImageError(f'{path} holds values outside 0..255 ({image.dtype})')
        image = image.astype(np.uint8)
    return image
