"""Loading of binary masks stored as 0/255 (or soft 0..255) images."""
import mmcv
import numpy as np
from mmengine import fileio
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import TRANSFORMS

from mmseg_custom.errors import InputError

from ..label_checks import check_label_values


def read_stored_mask(path, backend_args=None, backend: str = 'pillow') -> np.ndarray:
    """A mask's values as stored, for the checks: mmseg's loader casts to uint8, which wraps
    16-bit values (256 becomes 0) before anything could see them."""
    mask = mmcv.imfrombytes(fileio.get(path, backend_args=backend_args), flag='unchanged',
                            backend=backend)
    return mask[..., 0] if mask.ndim == 3 and mask.shape[2] == 1 else mask


def binary_labels(mask: np.ndarray, path, threshold: int = 127) -> np.ndarray:
    """Labels 0/1 of a 0/255 or soft 0..255 mask: foreground where the value > `threshold`.

    The one reading of binary masks (training, validation, tools/evaluate.py). A colour-saved
    mask counts any colour channel above the threshold; an alpha channel is left out (it is
    255 everywhere in most files, which would make the whole image foreground). Refused,
    naming the file: values beyond 8 bits (a 16-bit mask would otherwise wrap around), a
    non-integer mask, and a 0/1 mask under a threshold >= 1 (it would silently read as all
    background).
    """
    if not np.issubdtype(mask.dtype, np.integer) and mask.dtype != bool:
        raise InputError(f'mask {path} holds {mask.dtype} values; binary masks are integer '
                         '0/255 (or soft 0..255) images')
    if mask.ndim == 3:
        if mask.shape[2] in (2, 4):  # grey + alpha or colour + alpha: drop the alpha
            mask = mask[..., :-1]
        mask = mask.max(axis=2)
    check_label_values(mask.astype(np.int64), path, 256, ignore_index=None,
                       kind='binary (0/255 or soft 0..255)')
    if threshold >= 1 and mask.size and mask.max() == 1:
        raise InputError(f'mask {path} holds only the values 0 and 1, which would all read as '
                         f'background (foreground is > {threshold}); save it as 0/255, or set '
                         'threshold=0 in LoadBinaryAnnotations')
    return (mask > threshold).astype(np.uint8)


def require_image_size(mask: np.ndarray, results: dict) -> None:
    """Refuse a mask whose size differs from its image's, naming both files, instead of
    letting a later crop fail with a shape error far from the cause. Both are compared on
    their stored pixel grids (images are read without EXIF rotation)."""
    image_shape = tuple(results.get('ori_shape', mask.shape))[:2]
    if mask.shape[:2] != image_shape:
        raise InputError(
            f'mask {results["seg_map_path"]} is {mask.shape[1]}x{mask.shape[0]} but image '
            f'{results.get("img_path")} is {image_shape[1]}x{image_shape[0]}; '
            'masks must have their image\'s size')


@TRANSFORMS.register_module()
class LoadBinaryAnnotations(LoadAnnotations):
    """Read a mask and threshold it to labels 0/1: foreground where the value > `threshold`.

    Also refuses a mask whose size differs from its image, naming both files, instead of
    letting a later crop fail with a shape error far from the cause; and a mask whose values
    are not 0/255 or soft 0..255 (`binary_labels`).
    """

    def __init__(self, threshold: int = 127, **kwargs) -> None:
        super().__init__(**kwargs)
        self.threshold = threshold

    def _load_seg_map(self, results: dict) -> None:
        mask = read_stored_mask(results['seg_map_path'], self.backend_args,
                                self.imdecode_backend)
        require_image_size(mask, results)
        results['gt_seg_map'] = binary_labels(mask, results['seg_map_path'], self.threshold)
        results['seg_fields'].append('gt_seg_map')

    def __repr__(self) -> str:
        return f'{super().__repr__()[:-1]}, threshold={self.threshold})'
