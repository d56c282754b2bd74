# Lab section 4: a U-Net decoder over MobileNetV2 (ImageNet weights of MMPretrain's
# MobileNetV2, the same architecture as MMSegmentation's; the 'backbone.' prefix is stripped).
_base_ = [
    '../_base_/models/resnet_unet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
mobilenet_v2 = 'https://download.openmmlab.com/mmclassification/v0/mobilenet_v2/mobilenet_v2_batch256_imagenet_20200708-3b2dc3af.pth'  # noqa
model = dict(
    backbone=dict(
        _delete_=True,
        type='MobileNetV2',
        widen_factor=1.0,
        strides=(1, 2, 2, 2, 1, 2, 1),
        out_indices=(0, 1, 2, 4, 6),
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=dict(type='Pretrained', checkpoint=mobilenet_v2, prefix='backbone.')),
    decode_head=dict(in_channels=[16, 24, 32, 96, 320], in_index=[0, 1, 2, 3, 4], channels=32))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
