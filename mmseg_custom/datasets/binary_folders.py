"""Binary segmentation data in parallel folder trees: images/<any/sub/dirs>/<name>.jpg beside
masks/<same sub/dirs>/<name>.png, masks soft (0..255, foreground where > 127) or 0/255."""
import os.path as osp

from mmengine import fileio
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .pair_checks import require_image_mask_pairs


@DATASETS.register_module()
class BinaryFolderDataset(BaseSegDataset):
    """Background / foreground images found recursively; pair with `LoadBinaryAnnotations`.

    `ann_file` (optional) is a split file: one image per line, relative to `img_path`, with or
    without the suffix; only the last word of a line counts, so CUB-200-2011's `images.txt`
    ("<id> <class>/<name>.jpg") works as it is. Grayscale images become three channels through
    `LoadImageFromFile`'s default colour decoding.
    """
    METAINFO = dict(classes=('background', 'foreground'), palette=[[0, 0, 0], [255, 255, 255]])

    def __init__(self, img_suffix='.jpg', seg_map_suffix='.png', **kwargs) -> None:
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix,
                         reduce_zero_label=False, **kwargs)

    def load_data_list(self):
        if self.ann_file and not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'split file {self.ann_file} does not exist; fix ann_file '
                                    'or set ann_file=\'\' to use every image')
        img_dir = self.data_prefix.get('img_path', '')
        if not osp.isdir(img_dir):
            raise FileNotFoundError(f'image folder {img_dir} does not exist; check data_root '
                                    'and data_prefix (synthetic data for every split: '
                                    'tools/make_birds_dataset.py)')
        data_list = self._from_split_file() if self.ann_file else super().load_data_list()
        for info in data_list:
            if self.ann_file and not osp.isfile(info['img_path']):
                raise FileNotFoundError(f'image {info["img_path"]} listed in {self.ann_file} '
                                        'does not exist')
        where = img_dir + (f' listed in {self.ann_file}' if self.ann_file else '')
        return require_image_mask_pairs(data_list, self.img_suffix, where,
                                        'check data_root and data_prefix')

    def _from_split_file(self):
        img_dir = self.data_prefix.get('img_path', '')
        seg_dir = self.data_prefix.get('seg_map_path')
        data_list = []
        for line in fileio.list_from_file(self.ann_file, backend_args=self.backend_args):
            if not line.strip():
                continue
            name = line.split()[-1]
            if name.endswith(self.img_suffix):
                name = name[:-len(self.img_suffix)]
            info = dict(img_path=osp.join(img_dir, name + self.img_suffix),
                        label_map=self.label_map, reduce_zero_label=self.reduce_zero_label,
                        seg_fields=[])
            if seg_dir is not None:
                info['seg_map_path'] = osp.join(seg_dir, name + self.seg_map_suffix)
            data_list.append(info)
        return data_list
