# mobilenetv2_unet_imagenet.py on the Kaggle competition's own files: the same model and schedule,
# the data of ../_base_/datasets/voc2009_kaggle.py (restated: a config has one chain of bases),
# i.e. the npy loaders and train/ split 80/20 by a seeded shuffle. Set only the folder:
#   python tools/train.py configs/voc2009/mobilenetv2_unet_imagenet_kaggle.py \
#       --cfg-options data_root=<competition>
_base_ = ['./mobilenetv2_unet_imagenet.py']
dataset_type = 'VOC2009KaggleDataset'
data_root = 'data/voc2009_kaggle'
train_pipeline = [
    dict(type='LoadNpyImageFromFile'),
    dict(type='LoadNpyAnnotations'),
    dict(type='RandomResize', scale={{_base_.scale}}, ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size={{_base_.crop_size}}, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadNpyImageFromFile'),
    dict(type='Resize', scale={{_base_.scale}}, keep_ratio=True),
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
