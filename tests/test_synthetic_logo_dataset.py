"""SyntheticLogoDataset: the generator's samples, composed when drawn, through a training
pipeline."""
import cv2
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.dataset import ConcatDataset
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmseg_custom  # noqa: F401
from conftest import ROOT
from mmseg_custom.data.logo_dataset_writer import make_logo_dataset
from mmseg_custom.data.logo_sampler import LogoRecipe, LogoSampler

init_default_scope('mmseg')
ONTHEFLY = ROOT / 'configs' / 'logo' / 'unet_mobilenetv2_fullres_mila_onthefly_cpu.py'
PACK_ONLY = [dict(type='PackSegInputs')]


def test_sample_i_is_the_writers_image_i(tmp_path):
    options = dict(dead_leaves=0.5, vary_colour=True, distractors=0.5)
    written = make_logo_dataset(tmp_path, 3, seed=11, progress=False, **options)
    dataset = DATASETS.build(dict(type='SyntheticLogoDataset', num_samples=3, seed=11,
                                  dead_leaves=0.5, vary_colour=True, distractors=0.5,
                                  pipeline=PACK_ONLY))
    sampler = LogoSampler(LogoRecipe(seed=11, **options))
    assert len(dataset) == 3 and dataset.metainfo['classes'] == ('background', 'logo')
    for index in range(3):
        sample = dataset[index]
        labels = sample['data_samples'].gt_sem_seg.data[0].numpy()
        mask = cv2.imread(str(written / 'mask' / f'{index:05d}.bmp'), cv2.IMREAD_UNCHANGED)
        assert np.array_equal(labels, (mask > 127).astype(np.uint8))
        image = sample['inputs'].numpy().transpose(1, 2, 0)  # BGR, as LoadImageFromFile's
        assert np.array_equal(image[..., ::-1], sampler(index)[0])  # the writer's, before JPEG
    again = dataset[1]['inputs']
    assert np.array_equal(again.numpy(), dataset[1]['inputs'].numpy())  # seeded per index
    with pytest.raises(IndexError):
        dataset.get_data_info(3)


def test_onthefly_config_trains_on_crops_and_mixes_with_a_folder(logo_data):
    cfg = Config.fromfile(str(ONTHEFLY))
    synthetic = DATASETS.build(cfg.train_dataloader.dataset)
    assert len(synthetic) >= 100_000  # fresh samples, practically without end
    sample = synthetic[123]
    assert tuple(sample['inputs'].shape) == (3, 256, 256)
    assert set(np.unique(sample['data_samples'].gt_sem_seg.data.numpy())) <= {0, 1}
    folder = DATASETS.build(dict(type='LogoDataset', data_root=str(logo_data),
                                 data_prefix=dict(img_path='train/img', seg_map_path='train/mask'),
                                 pipeline=cfg.train_pipeline))
    mixed = ConcatDataset([folder, synthetic])
    assert len(mixed) == len(folder) + len(synthetic)
    assert tuple(mixed[0]['inputs'].shape) == tuple(mixed[len(folder)]['inputs'].shape)
