# PASCAL VOC 2009 as the course's Kaggle competition ships it (PASCAL VOC 2009, H02A5a group assignment 2):
# <data_root>/train/{train_set.csv, img/train_<Id>.npy (RGB), seg/train_<Id>.npy}
#            /test/{test_set.csv, img/test_<Id>.npy}
# train/ is split into train and val by a seeded shuffle of its Ids (20% val, seed 0; the same
# split as tools/kaggle_ground_truth.py --split val). The loaders turn the RGB arrays into the
# BGR that LoadImageFromFile gives, and map the masks from the CSV's column order to VOC's.
# Otherwise the recipe of voc2009.py (the devkit layout).
_base_ = ['./voc2009.py']
dataset_type = 'VOC2009KaggleDataset'
data_root = 'data/voc2009_kaggle'
crop_size = (256, 256)
scale = (1024, 320)
train_pipeline = [
    dict(type='LoadNpyImageFromFile'),
    dict(type='LoadNpyAnnotations'),
    dict(type='RandomResize', scale=scale, ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadNpyImageFromFile'),
    dict(type='Resize', scale=scale, keep_ratio=True),
    dict(type='LoadNpyAnnotations'),
    dict(type='PackSegInputs'),
]
split = dict(val_fraction=0.2, split_seed=0)
train_dataloader = dict(dataset=dict(
    _delete_=True, type=dataset_type, data_root=data_root, split='train', **split,
    pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(
    _delete_=True, type=dataset_type, data_root=data_root, split='val', **split,
    pipeline=test_pipeline))
test_dataloader = val_dataloader
