"""Checks run when a dataset lists its files, so that a wrong path fails at once, by name,
instead of deep inside the first training iteration."""
import os.path as osp
from typing import List


def require_image_mask_pairs(data_list: List[dict], img_suffix: str, where: str,
                             hint: str) -> List[dict]:
    """`data_list` unchanged; an error when it is empty (`where` the images were looked for,
    `hint` what to do) or when an image's mask file is missing."""
    if not data_list:
        raise FileNotFoundError(f'no {img_suffix} images in {where}; {hint}')
    for info in data_list:
        mask = info.get('seg_map_path')
        if mask is not None and not osp.isfile(mask):
            raise FileNotFoundError(f'mask {mask} for image {info["img_path"]} is missing')
    return data_list
