"""Logo-challenge training samples composed when they are drawn, instead of read from disk.

The challenge's own data is synthetic, so fresh samples without end are the natural training
set: sample `i` is the generator's image `i` (`LogoSampler`, seeded by (seed, i)), identical to
what `tools/make_logo_dataset.py` would write with the same options, but never stored. Mix it
with a folder of real challenge images through a `ConcatDataset` (see
configs/logo/unet_mobilenetv2_fullres_mila_onthefly_cpu.py).

Its pipeline starts after loading (crop, flips, packing): the image arrives in `img` as BGR, as
`LoadImageFromFile` gives it, and the labels 0/1 in `gt_seg_map`.
"""
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from mmseg_custom.data.logo_compositor import SCALE_RANGE, WIDE_SCALE_RANGE
from mmseg_custom.data.logo_sampler import DEFAULT_LOGO, LogoRecipe, LogoSampler
from mmseg_custom.errors import OptionError
from .logo import LogoDataset


@DATASETS.register_module()
class SyntheticLogoDataset(BaseSegDataset):
    """`num_samples` logo images of a `LogoRecipe`, made on the fly (see the module's text)."""
    METAINFO = LogoDataset.METAINFO

    def __init__(self, num_samples: int = 1_000_000, seed: int = 0, logo_path=None,
                 background_set: str = 'train', background_dir=None, dead_leaves: float = 0.0,
                 wide_scales: bool = False, vary_colour: bool = False, distractors: float = 0.0,
                 **kwargs) -> None:
        if num_samples < 1:
            raise OptionError(f'num_samples must be at least 1, got {num_samples}')
        self.num_samples = int(num_samples)
        self.sampler = LogoSampler(LogoRecipe(
            seed=seed, logo_path=str(logo_path or DEFAULT_LOGO), background_dir=background_dir,
            background_set=background_set, dead_leaves=dead_leaves,
            scale_range=WIDE_SCALE_RANGE if wide_scales else SCALE_RANGE,
            vary_colour=vary_colour, distractors=distractors))
        kwargs.pop('data_root', None)  # nothing is read from disk (tools set it everywhere)
        kwargs.pop('data_prefix', None)
        super().__init__(data_root=None, reduce_zero_label=False, serialize_data=False,
                         **kwargs)

    def full_init(self) -> None:
        # Nothing to list: a sample exists only when it is drawn.
        self.data_list = []
        self._fully_initialized = True

    def __len__(self) -> int:
        return self.num_samples

    def get_data_info(self, idx: int) -> dict:
        if not -self.num_samples <= idx < self.num_samples:
            raise IndexError(f'sample {idx} of {self.num_samples}')
        idx %= self.num_samples
        image, mask = self.sampler(idx)
        return dict(img=image[..., ::-1].copy(), img_path=f'synthetic/{idx:07d}.jpg',
                    seg_map_path=None, sample_idx=idx, img_shape=image.shape[:2],
                    ori_shape=image.shape[:2], gt_seg_map=(mask > 127).astype('uint8'),
                    seg_fields=['gt_seg_map'], reduce_zero_label=False, label_map=None)
