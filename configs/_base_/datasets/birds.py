# Birds (the bird segmentation assignment), CUB-200-2011 layout in each split folder:
# <data_root>/{train,val}/images/<class>/<name>.jpg and segmentations/<class>/<name>.png (soft
# 0..255 masks, foreground > 127). For CUB itself, point both splits at one folder and give
# each a split file: train_dataloader.dataset.ann_file=train.txt (lines like CUB's images.txt).
# Small images for CPUs: the long side is brought to 128 pixels, training crops are 96x96.
dataset_type = 'BirdsDataset'
data_root = 'data/birds'
crop_size = (96, 96)
# Images are read on their stored pixel grid (color_ignore_orientation: no EXIF rotation),
# the grid their masks and the challenges' scorers use.
train_pipeline = [
    # grayscale JPEGs are decoded as 3 channels
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadBinaryAnnotations'),
    dict(type='RandomResize', scale=(128, 128), ratio_range=(0.75, 1.25), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='Resize', scale=(128, 128), keep_ratio=True),
    dict(type='LoadBinaryAnnotations'),
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
        data_prefix=dict(img_path='train/images', seg_map_path='train/segmentations'),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='val/images', seg_map_path='val/segmentations'),
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='BinaryMetric')  # accuracy, precision, recall, f1, iou (%)
test_evaluator = val_evaluator
