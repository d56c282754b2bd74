# Lab section 4: DeepLabV3+ over a dilated MobileNetV2 (output stride 8; ImageNet weights of
# MMPretrain's MobileNetV2), as MMSegmentation's deeplabv3plus_m-v2-d8.
_base_ = [
    '../_base_/models/deeplabv3plus_resnet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
mobilenet_v2 = 'https://download.openmmlab.com/mmclassification/v0/mobilenet_v2/mobilenet_v2_batch256_imagenet_20200708-3b2dc3af.pth'  # noqa
model = dict(
    backbone=dict(
        _delete_=True,
        type='MobileNetV2',
        widen_factor=1.0,
        strides=(1, 2, 2, 1, 1, 1, 1),
        dilations=(1, 1, 1, 2, 2, 4, 4),
        out_indices=(1, 2, 4, 6),
        norm_cfg=dict(type='BN', requires_grad=True),
        init_cfg=dict(type='Pretrained', checkpoint=mobilenet_v2, prefix='backbone.')),
    decode_head=dict(in_channels=320, c1_in_channels=24, channels=128))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
