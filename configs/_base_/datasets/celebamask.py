# CelebAMask-HQ face parsing (CelebAMask face parsing, AI6126 project 1), as the course ships it:
#   <data_root>/train/train_image/*.jpg + train/train_mask/*.png, val/val_image + val/val_mask,
#   test/test_image (no masks); 512x512 images, masks of class indices 0..18.
# Synthetic stand-in for tests and CPU demos: python tools/make_face_dataset.py data/celebamask
dataset_type = 'CelebAMaskDataset'
data_root = 'data/celebamask'
crop_size = (512, 512)
# A horizontal flip turns a left eye/brow/ear into a right one: labels 4<->5, 6<->7, 8<->9.
swap_pairs = [(4, 5), (6, 7), (8, 9)]
# Images are read on their stored pixel grid (color_ignore_orientation: no EXIF rotation),
# the grid their masks and the challenges' scorers use.
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadFaceAnnotations'),
    dict(type='RandomResize', scale=crop_size, ratio_range=(0.75, 1.5), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5, direction='horizontal', swap_seg_labels=swap_pairs),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadFaceAnnotations'),
    dict(type='PackSegInputs'),
]
# Flip TTA needs a model that swaps the left/right channels of the flipped view back.
tta_model = dict(type='FlipSwapSegTTAModel', swap_pairs=swap_pairs)
img_ratios = [0.75, 1.0, 1.25]
tta_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation', backend_args=None),
    dict(type='TestTimeAug', transforms=[
        [dict(type='Resize', scale_factor=r, keep_ratio=True) for r in img_ratios],
        [dict(type='RandomFlip', prob=0., direction='horizontal'),
         dict(type='RandomFlip', prob=1., direction='horizontal')],
        [dict(type='LoadFaceAnnotations')],
        [dict(type='PackSegInputs')],
    ]),
]
train_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='train/train_image', seg_map_path='train/train_mask'),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='val/val_image', seg_map_path='val/val_mask'),
        pipeline=test_pipeline))
test_dataloader = val_dataloader
# The course's score: IoU per class over the whole set, then the mean over the 19 classes.
val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
# Class weights for the losses' rare-class switches (the *_wce_* configs), a hand-set starting
# point to tune on validation: 1 for large regions, 2 for the small parts (nose, eyes, brows,
# ears, mouth, lips), 3 for glasses and hat, 4 for the rarest (earring, necklace).
class_weight = [1.0, 1.0, 2.0, 3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0,
                2.0, 2.0, 2.0, 1.0, 3.0, 4.0, 4.0, 1.0, 1.0]
test_evaluator = val_evaluator
