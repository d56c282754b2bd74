# A few-second smoke run for tests and tutorials: 64x64 crops, no resizing, no photometric
# distortion, small batches, no DataLoader workers, a half-width MobileNetV2 and a high
# constant learning rate. Otherwise the recipe of unet_mobilenetv2_scratch.
_base_ = [
    '../_base_/models/mobilenetv2_unet_voc.py', '../_base_/datasets/voc2009.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu_20k.py'
]
model = dict(
    backbone=dict(widen_factor=0.5),
    decode_head=dict(in_channels=[8, 16, 16, 48, 160]),
    cls_head=dict(in_channels=160))
optim_wrapper = dict(optimizer=dict(lr=1e-2))
crop_size = (64, 64)
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadAnnotations'),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(batch_size=4, num_workers=0, persistent_workers=False,
                        dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(num_workers=0, persistent_workers=False, dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
max_iters = 30
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=False, begin=0, end=max_iters)]
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
default_hooks = dict(logger=dict(interval=10),
                     checkpoint=dict(interval=max_iters, max_keep_ckpts=1))
# the same tiny model every run on one machine (torch's deterministic kernels; CPU results
# still depend on the thread count and the processor, see NOTES.md)
randomness = dict(seed=0, deterministic=True)
env_cfg = dict(cudnn_benchmark=False)
