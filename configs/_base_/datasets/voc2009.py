# PASCAL VOC 2009 segmentation (PASCAL VOC 2009, H02A5a group assignment 2) in the devkit layout:
# <data_root>/{JPEGImages/*.jpg, SegmentationClass/*.png, ImageSets/Segmentation/{train,val}.txt}
# 20 classes + background; 255 marks object borders and is ignored by losses and metrics.
# The Kaggle test images have no masks: use tools/export_kaggle.py on them, not test.py.
dataset_type = 'CheckedPascalVOCDataset'  # mmseg's PascalVOCDataset + label check
data_root = 'data/VOCdevkit/VOC2009'
crop_size = (256, 256)
scale = (1024, 320)  # VOC images are at most 500 px: short side about 320, then crops
# Images are read on their stored pixel grid (color_ignore_orientation: no EXIF rotation),
# the grid their masks and the challenges' scorers use.
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResize', scale=scale, ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='Resize', scale=scale, keep_ratio=True),
    # after Resize: metrics compare with the masks at their original size
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
        ann_file='ImageSets/Segmentation/train.txt',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
        ann_file='ImageSets/Segmentation/val.txt',
        pipeline=test_pipeline))
test_dataloader = val_dataloader
# segmentation (mIoU), classification (per-class AP, mAP) and the competition's Dice
val_evaluator = [
    dict(type='IoUMetric', iou_metrics=['mIoU']),
    dict(type='MultiLabelAPMetric', num_classes=20),
    dict(type='KaggleDiceMetric', num_classes=20),
]
test_evaluator = val_evaluator
