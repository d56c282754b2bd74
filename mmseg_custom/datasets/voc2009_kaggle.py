"""PASCAL VOC 2009 as the course's Kaggle competition ships it (PASCAL VOC 2009, H02A5a group
assignment 2), read as it comes:

    <root>/train/train_set.csv              Id, then 20 class columns (0/1); their order is the
                                            label order of the masks
    <root>/train/img/train_<Id>.npy         H x W x 3 uint8 RGB
    <root>/train/seg/train_<Id>.npy         H x W labels: 0 background, 1..20 in column order
                                            (255, VOC's object border, is ignored)
    <root>/test/test_set.csv                the same columns, filled with -1
    <root>/test/img/test_<Id>.npy

The model keeps MMSegmentation's VOC class order; a CSV whose columns are the same classes in
another order is mapped on loading (and back by the exporter). `train/` is split into train and
val by a seeded shuffle of its Ids, or by a text file of Ids (`ann_file`).
"""
import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.datasets import BaseSegDataset, PascalVOCDataset
from mmseg.registry import DATASETS, TRANSFORMS

from mmseg_custom.errors import InputError, OptionError
from mmseg_custom.export.kaggle import VOC_CLASSES
from mmseg_custom.file_output import NameClashError, refuse_shared_names
from mmseg_custom.image_io import read_bgr_uint8, read_npy
from mmseg_custom.label_checks import check_label_values

IGNORE_INDEX = 255
SPLITS = ('train', 'val', 'all')


def _canonical(name: str) -> str:
    """'Dining table', 'dining_table' and 'diningtable' name one class."""
    return re.sub(r'[\s_\-]', '', name).lower()


def pandas_id(value: str) -> str:
    """The Id as the template's `pd.read_csv(..., index_col='Id')` gives it: '007' -> '7'."""
    value = value.strip()
    return str(int(value)) if re.fullmatch(r'[+-]?\d+', value) else value


@dataclass
class CompetitionCsv:
    """One of the competition's CSVs: its Ids (in file order), class columns and 0/1 rows."""
    path: Path
    ids: List[str]
    columns: Tuple[str, ...]
    labels: np.ndarray  # (len(ids), 20) int

    @property
    def to_voc(self) -> np.ndarray:
        """`to_voc[k]`: the VOC label of mask value k (0 and 255 kept, 1..20 in CSV order)."""
        lookup = np.arange(256, dtype=np.uint8)
        voc = [_canonical(c) for c in VOC_CLASSES]
        for k, column in enumerate(self.columns, start=1):
            lookup[k] = voc.index(_canonical(column)) + 1
        return lookup

    @property
    def from_voc(self) -> np.ndarray:
        """The inverse of `to_voc`: a VOC label map to the CSV's order."""
        lookup = np.arange(256, dtype=np.uint8)
        lookup[self.to_voc] = np.arange(256, dtype=np.uint8)
        return lookup


def read_competition_csv(path: Union[str, Path]) -> CompetitionCsv:
    """Read train_set.csv or test_set.csv; errors name the file and what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f'{path} does not exist; point data_root at the competition '
                                'folder (the one holding train/ and test/)')
    with path.open(newline='') as handle:
        rows = [row for row in csv.reader(handle) if row]
    if not rows or rows[0][0].strip() != 'Id':
        raise InputError(f'{path}: expected a header starting with Id, got '
                         f'{",".join(rows[0]) if rows else "an empty file"}')
    columns = tuple(c.strip() for c in rows[0][1:])
    expected = sorted(_canonical(c) for c in VOC_CLASSES)
    if sorted(_canonical(c) for c in columns) != expected:
        raise InputError(f'{path}: the class columns must be the 20 VOC classes '
                         f'({", ".join(VOC_CLASSES)}) in any order, got {", ".join(columns)}')
    ids, labels = [], []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns) + 1:
            raise InputError(f'{path}, line {line}: expected {len(columns) + 1} fields, '
                             f'got {len(row)}')
        try:
            labels.append([int(float(v)) for v in row[1:]])
        except ValueError:
            raise InputError(f'{path}, line {line}: class columns must be numbers') from None
        ids.append(row[0].strip())
    try:
        refuse_shared_names((repr(i) for i in ids), lambda i: pandas_id(i[1:-1]), 'row Id')
    except NameClashError as error:
        raise InputError(f'{path}: {error}') from None
    ids = [pandas_id(i) for i in ids]
    return CompetitionCsv(path, ids, columns,
                          np.array(labels, dtype=np.int64).reshape(len(ids), len(columns)))


def part_paths(folder: Union[str, Path], part: str, image_id: str) -> Tuple[Path, Path]:
    """(image, mask) paths of one Id in the competition's `part` folder ('train' or 'test')."""
    folder = Path(folder)
    return (folder / 'img' / f'{part}_{image_id}.npy', folder / 'seg' / f'{part}_{image_id}.npy')


def competition_paths(root: Union[str, Path], part: str, image_id: str) -> Tuple[Path, Path]:
    """(image, mask) paths of one Id of `part` under the competition root."""
    return part_paths(Path(root) / part, part, image_id)


def seeded_split(ids: Sequence[str], split: str, val_fraction: float, seed: int) -> List[str]:
    """The Ids of `split` ('train', 'val' or 'all'): a seeded shuffle of the sorted Ids, the
    first `val_fraction` of it for val; the same arguments give the same split everywhere."""
    if split not in SPLITS:
        raise OptionError(f'split must be one of {SPLITS}, got {split!r}')
    if split == 'all':
        return list(ids)
    order = np.random.default_rng(seed).permutation(len(ids))
    shuffled = [sorted(ids)[i] for i in order]
    num_val = int(round(len(ids) * val_fraction))
    chosen = set(shuffled[:num_val] if split == 'val' else shuffled[num_val:])
    return [i for i in ids if i in chosen]


def read_label_npy(path: Union[str, Path], lookup: Optional[np.ndarray] = None) -> np.ndarray:
    """An H x W label map (0, 1..20 in CSV order, 255 ignored), checked, then mapped through
    `lookup` (e.g. `CompetitionCsv.to_voc`)."""
    seg = read_npy(path)
    check_label_values(seg, path, len(VOC_CLASSES) + 1, IGNORE_INDEX, kind='VOC')
    seg = seg.astype(np.uint8)
    return lookup[seg] if lookup is not None else seg


@TRANSFORMS.register_module()
class LoadNpyImageFromFile(BaseTransform):
    """Load a competition image (.npy, RGB) as the BGR uint8 array `LoadImageFromFile` gives,
    so the data preprocessor's `bgr_to_rgb` sees what it expects."""

    def transform(self, results: dict) -> dict:
        image = read_bgr_uint8(results['img_path'])
        results['img'] = image
        results['img_shape'] = results['ori_shape'] = image.shape[:2]
        return results


@TRANSFORMS.register_module()
class LoadNpyAnnotations(BaseTransform):
    """Load a competition mask (.npy) as `gt_seg_map` in VOC order (via `label_lookup`)."""

    def transform(self, results: dict) -> dict:
        lookup = results.get('label_lookup')
        seg = read_label_npy(results['seg_map_path'],
                             None if lookup is None else np.asarray(lookup, dtype=np.uint8))
        results['gt_seg_map'] = seg
        results.setdefault('seg_fields', []).append('gt_seg_map')
        return results


@DATASETS.register_module()
class VOC2009KaggleDataset(BaseSegDataset):
    """The competition's train/ folder, split into train and val.

    `data_root` is the competition folder. `split` is 'train', 'val' or 'all'; the val Ids are
    `val_fraction` of a shuffle seeded by `split_seed`. An `ann_file` (one Id per line)
    replaces the seeded split.
    """
    METAINFO = PascalVOCDataset.METAINFO

    def __init__(self, split: str = 'train', val_fraction: float = 0.2, split_seed: int = 0,
                 csv_file: str = 'train/train_set.csv', **kwargs) -> None:
        if split not in SPLITS:
            raise OptionError(f'split must be one of {SPLITS}, got {split!r}')
        self.split, self.val_fraction, self.split_seed = split, val_fraction, split_seed
        self.csv_file = csv_file
        super().__init__(img_suffix='.npy', seg_map_suffix='.npy', reduce_zero_label=False,
                         **kwargs)

    def load_data_list(self) -> List[dict]:
        table = read_competition_csv(Path(self.data_root) / self.csv_file)
        if self.ann_file:
            listed = [pandas_id(line) for line in Path(self.ann_file).read_text().split()]
            unknown = sorted(set(listed) - set(table.ids))
            if unknown:
                raise InputError(f'{self.ann_file} lists Ids that {table.path} lacks, e.g. '
                                 f'{unknown[0]}')
            ids = listed
        else:
            ids = seeded_split(table.ids, self.split, self.val_fraction, self.split_seed)
        lookup = table.to_voc.tolist()
        data_list = []
        for image_id in ids:
            image, seg = competition_paths(self.data_root, 'train', image_id)
            data_list.append(dict(img_path=str(image), seg_map_path=str(seg), image_id=image_id,
                                  label_lookup=lookup, label_map=None, reduce_zero_label=False,
                                  seg_fields=[]))
        return data_list
