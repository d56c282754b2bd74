"""Bird segmentation (the bird segmentation assignment) in the CUB-200-2011 layout:
images/<class>/<name>.jpg with segmentations/<class>/<name>.png (soft 0..255 masks)."""
from mmseg.registry import DATASETS

from .binary_folders import BinaryFolderDataset


@DATASETS.register_module()
class BirdsDataset(BinaryFolderDataset):
    """CUB-200-2011 birds; foreground where the soft mask is > 127 (`LoadBinaryAnnotations`).

    Point `data_prefix` at `images` and `segmentations`; an optional `ann_file` (e.g. CUB's
    `images.txt` filtered to one split) selects the images.
    """
    METAINFO = dict(classes=('background', 'bird'), palette=[[0, 0, 0], [255, 191, 0]])
