"""Loading of binary masks stored as 0/255 (or soft 0..255) images."""
import numpy as np
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadBinaryAnnotations(LoadAnnotations):
    """Read a mask and threshold it to labels 0/1: foreground where the value > `threshold`.

    Also refuses a mask whose size differs from its image, naming both files, instead of
    letting a later crop fail with a shape error far from the cause.
    """

    def __init__(self, threshold: int = 127, **kwargs) -> None:
        super().__init__(**kwargs)
        self.threshold = threshold

    def _load_seg_map(self, results: dict) -> None:
        super()._load_seg_map(results)
        mask = results['gt_seg_map']
        image_shape = tuple(results.get('ori_shape', mask.shape))[:2]
        if mask.shape[:2] != image_shape:
            raise ValueError(
                f'mask {results["seg_map_path"]} is {mask.shape[1]}x{mask.shape[0]} but image '
                f'{results.get("img_path")} is {image_shape[1]}x{image_shape[0]}; '
                'masks must have their image\'s size')
        if mask.ndim == 3:  # a colour-saved mask: any channel above the threshold counts
            mask = mask.max(axis=2)
        results['gt_seg_map'] = (mask > self.threshold).astype(np.uint8)

    def __repr__(self) -> str:
        return f'{super().__repr__()[:-1]}, threshold={self.threshold})'
