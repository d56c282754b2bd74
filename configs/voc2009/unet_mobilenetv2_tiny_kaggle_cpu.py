# unet_mobilenetv2_tiny_cpu.py on the Kaggle competition's own files (train/train_set.csv, train/img/*.npy,
# train/seg/*.npy; see ../_base_/datasets/voc2009_kaggle.py): the same model and schedule,
# the competition's loaders, train/ split 80/20 by a seeded shuffle. Set only the folder:
#   python tools/train.py configs/voc2009/unet_mobilenetv2_tiny_kaggle_cpu.py --cfg-options data_root=<competition>
_base_ = ['./unet_mobilenetv2_tiny_cpu.py']
dataset_type = 'VOC2009KaggleDataset'
data_root = 'data/voc2009_kaggle'
train_pipeline = [
    dict(type='LoadNpyImageFromFile'),
    dict(type='LoadNpyAnnotations'),
    dict(type='RandomCrop', crop_size=(64, 64)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadNpyImageFromFile'),
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
