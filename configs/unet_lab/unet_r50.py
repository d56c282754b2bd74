# Lab section 4: a U-Net decoder over ResNet-50 (ImageNet weights).
_base_ = [
    '../_base_/models/resnet_unet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
model = dict(
    backbone=dict(
        depth=50,
        init_cfg=dict(checkpoint='https://download.pytorch.org/models/resnet50-0676ba61.pth')),
    decode_head=dict(in_channels=[256, 512, 1024, 2048]))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
