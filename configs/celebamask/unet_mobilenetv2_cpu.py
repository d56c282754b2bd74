# A CPU-sized face parser for tests and demos on synthetic 128x128 faces:
#   python tools/make_face_dataset.py data/face_synth --train 300 --val 30 --test 4
#   python tools/train.py configs/celebamask/unet_mobilenetv2_cpu.py \
#       --cfg-options data_root=data/face_synth
_base_ = [
    '../_base_/models/mobilenetv2_unet.py', '../_base_/datasets/celebamask.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu.py'
]
data_root = 'data/face_synth'
crop_size = (128, 128)
model = dict(decode_head=dict(num_classes=19))
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadFaceAnnotations'),
    dict(type='RandomResize', scale=crop_size, ratio_range=(0.9, 1.2), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size),
    dict(type='RandomFlip', prob=0.5, direction='horizontal',
         swap_seg_labels=[(4, 5), (6, 7), (8, 9)]),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(batch_size=4, num_workers=2,
                        dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(num_workers=2, dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
img_ratios = [1.0]  # flip TTA only: two views per image
tta_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation', backend_args=None),
    dict(type='TestTimeAug', transforms=[
        [dict(type='RandomFlip', prob=0., direction='horizontal'),
         dict(type='RandomFlip', prob=1., direction='horizontal')],
        [dict(type='LoadFaceAnnotations')],
        [dict(type='PackSegInputs')],
    ]),
]
optim_wrapper = dict(optimizer=dict(lr=3e-3))
max_iters = 400
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=50),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=50, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters, val_interval=100)
default_hooks = dict(checkpoint=dict(interval=100, max_keep_ckpts=2, save_best='mIoU'))
env_cfg = dict(cudnn_benchmark=False)
randomness = dict(seed=0)  # the guide's figures come from this seed
