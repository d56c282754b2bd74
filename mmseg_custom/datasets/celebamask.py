"""CelebAMask-HQ face parsing (CelebAMask face parsing, AI6126 project 1): <split>_image/*.jpg
with <split>_mask/*.png of 0..18."""
import numpy as np
from mmseg.datasets import BaseSegDataset
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import DATASETS, TRANSFORMS

from ..label_checks import check_label_values
from ..transforms.binary_annotations import read_stored_mask, require_image_size
from .pair_checks import require_image_mask_pairs

FACE_CLASSES = ('background', 'skin', 'nose', 'eye_glasses', 'left_eye', 'right_eye',
                'left_brow', 'right_brow', 'left_ear', 'right_ear', 'mouth', 'upper_lip',
                'lower_lip', 'hair', 'hat', 'earring', 'necklace', 'neck', 'cloth')
FACE_PALETTE = [[0, 0, 0], [204, 0, 0], [76, 153, 0], [204, 204, 0], [51, 51, 255],
                [204, 0, 204], [0, 255, 255], [255, 204, 204], [102, 51, 0], [255, 0, 0],
                [102, 204, 0], [255, 255, 0], [0, 0, 153], [0, 0, 204], [255, 51, 153],
                [0, 204, 204], [0, 51, 0], [255, 153, 51], [0, 204, 0]]


@DATASETS.register_module()
class CelebAMaskDataset(BaseSegDataset):
    """19-class face parsing; masks hold class indices (often as palette PNGs)."""
    METAINFO = dict(classes=FACE_CLASSES, palette=FACE_PALETTE)

    def __init__(self, img_suffix='.jpg', seg_map_suffix='.png', **kwargs) -> None:
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix,
                         reduce_zero_label=False, **kwargs)

    def load_data_list(self):
        return require_image_mask_pairs(
            super().load_data_list(), self.img_suffix, self.data_prefix.get('img_path'),
            'check data_root and data_prefix, or make data with tools/make_face_dataset.py')


def check_face_labels(mask: np.ndarray, path, num_classes: int = len(FACE_CLASSES)) -> None:
    """Refuse a mask with a value outside 0..num_classes-1, naming the file and the value."""
    check_label_values(mask, path, num_classes, ignore_index=None, kind='face-parsing')


@TRANSFORMS.register_module()
class LoadFaceAnnotations(LoadAnnotations):
    """mmseg's loader (pillow keeps palette indices) plus checks of the labels' range and of
    the mask's size (it must be its image's; the error names both files)."""

    def _load_seg_map(self, results: dict) -> None:
        # checked as stored: after mmseg's cast to uint8 a 16-bit 256 would read as 0
        mask = read_stored_mask(results['seg_map_path'], self.backend_args,
                                self.imdecode_backend)
        require_image_size(mask, results)
        check_face_labels(mask, results['seg_map_path'])
        super()._load_seg_map(results)
