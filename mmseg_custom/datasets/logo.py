"""The logo challenge's data: img/*.jpg photos with mask/*.bmp masks of 0 (background) / 255
(logo)."""
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .pair_checks import require_image_mask_pairs


@DATASETS.register_module()
class LogoDataset(BaseSegDataset):
    """Binary logo segmentation; pair it with `LoadBinaryAnnotations` to read 255 as label 1."""
    METAINFO = dict(classes=('background', 'logo'), palette=[[0, 0, 0], [214, 0, 126]])

    def __init__(self, img_suffix='.jpg', seg_map_suffix='.bmp', **kwargs) -> None:
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix,
                         reduce_zero_label=False, **kwargs)

    def load_data_list(self):
        return require_image_mask_pairs(
            super().load_data_list(), self.img_suffix, self.data_prefix.get('img_path'),
            'check data_root and data_prefix, or make data with tools/make_logo_dataset.py')
