# Logo challenge data (the Mila logo challenge): <data_root>/{train,val,test}/img/*.jpg with mask/*.bmp (0/255).
# Make it with: python tools/make_logo_dataset.py data/logo/train --num 4000 --seed 0
dataset_type = 'LogoDataset'
data_root = 'data/logo'
crop_size = (256, 256)
# Images are read on their stored pixel grid (color_ignore_orientation: no EXIF rotation),
# the grid their masks and the challenges' scorers use.
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadBinaryAnnotations'),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.98),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadBinaryAnnotations'),
    dict(type='PackSegInputs'),
]
# Flip test-time augmentation: the image as it is, mirrored left/right and upside down (the
# logo comes at any angle). On validation this gains as much as adding scales 0.75 and 1.25
# (0.831 against 0.830, stage 6) at half the passes.
tta_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation', backend_args=None),
    dict(type='TestTimeAug', transforms=[
        [dict(type='RandomFlip', prob=0., direction='horizontal'),
         dict(type='RandomFlip', prob=1., direction='horizontal'),
         dict(type='RandomFlip', prob=1., direction='vertical')],
        [dict(type='LoadBinaryAnnotations')],
        [dict(type='PackSegInputs')],
    ]),
]
# Like SegTTAModel, and the merged prediction keeps the mean probabilities (seg_logits).
tta_model = dict(type='MeanProbabilityTTAModel')
# infer.py is the challenge's submission command, run with no option: use the TTA by default.
infer_with_tta = True
# ...and replace each detected logo by the template warped to fit it (mmseg_custom/logo_fit).
infer_with_logo_fit = True
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='train/img', seg_map_path='train/mask'),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=dict(img_path='val/img', seg_map_path='val/mask'),
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='BinaryMetric')  # image_iou is the challenge's score
test_evaluator = val_evaluator
