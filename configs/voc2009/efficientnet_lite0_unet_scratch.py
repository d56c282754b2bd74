# The scratch twin of efficientnet_lite0_unet_imagenet.py: the same EfficientNet-Lite0 + U-Net
# decoder + classifier and the same schedule, every weight randomly initialised, so that the
# pair measures what ImageNet pretraining alone brings (the assignment's models (i) and (ii)).
_base_ = [
    '../_base_/models/efficientnet_lite0_unet.py', '../_base_/datasets/voc2009.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_40k.py'
]
num_classes = 21
model = dict(
    type='EncoderDecoderWithClassifier',
    backbone=dict(init_cfg=None),
    decode_head=dict(
        num_classes=num_classes,
        loss_decode=[
            dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
            # mmseg's DiceLoss would count border (255) pixels; this one leaves them out
            dict(type='MaskedDiceLoss', ignore_index=255, loss_weight=0.5),
        ]),
    # image-level "which of the 20 classes are present" from the deepest features
    cls_head=dict(type='MultiLabelClsHead', in_channels=320, num_classes=num_classes - 1,
                  first_class=1, loss_weight=0.4))
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=2e-3, betas=(0.9, 0.999), weight_decay=1e-4),
    # the transfer twin keeps this too, so only the encoder's initial weights differ
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
max_iters = 10000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=500),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=500, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters, val_interval=1000)
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=1000, max_keep_ckpts=3, save_best='mIoU', rule='greater'))
env_cfg = dict(cudnn_benchmark=False)
