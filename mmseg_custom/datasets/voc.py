"""PASCAL VOC 2009 (H02A5a group assignment 2) with its labels checked when the dataset lists
its files."""
from mmseg.datasets import PascalVOCDataset
from mmseg.registry import DATASETS

from ..label_checks import read_label_map
from .pair_checks import require_image_mask_pairs

VOC_IGNORE_INDEX = 255  # the "void" band along object outlines


@DATASETS.register_module()
class CheckedPascalVOCDataset(PascalVOCDataset):
    """MMSegmentation's `PascalVOCDataset`, plus: every listed image has its mask, and every
    mask holds only 0..20 and 255.

    All masks are read once when the dataset is built (VOC's 1,500 small PNGs take a second
    or two), so a value like 50 fails at once naming its file, not as `IndexError: Target 50
    is out of bounds` in the loss of some later iteration, and not as a silently wrong mIoU
    in validation.
    """

    def load_data_list(self):
        data_list = require_image_mask_pairs(
            super().load_data_list(), self.img_suffix, self.ann_file,
            'check data_root and ann_file')
        num_classes = len(self.metainfo['classes'])
        for info in data_list:
            if info.get('seg_map_path'):
                read_label_map(info['seg_map_path'], num_classes, VOC_IGNORE_INDEX, 'VOC')
        return data_list
