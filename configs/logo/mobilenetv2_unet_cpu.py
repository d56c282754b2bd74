# The shipped model: MobileNetV2 + U-Net decoder trained from scratch on 2 CPU cores,
# on 256x256 crops (whole images at test time).
_base_ = [
    '../_base_/models/mobilenetv2_unet.py', '../_base_/datasets/logo.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_40k.py'
]
model = dict(decode_head=dict(loss_decode=[
    dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
    # ignore_index=0 drops the background channel: a per-image Dice of the logo alone
    dict(type='DiceLoss', use_sigmoid=False, ignore_index=0, loss_weight=1.0),
]))
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=2e-3, betas=(0.9, 0.999), weight_decay=1e-4))
max_iters = 6000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=200),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=200, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters, val_interval=500)
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=250, max_keep_ckpts=3))
env_cfg = dict(cudnn_benchmark=False)
