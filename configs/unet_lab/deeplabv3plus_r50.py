# Lab section 4: DeepLabV3+ over a dilated ResNet-50 (ImageNet weights).
_base_ = [
    '../_base_/models/deeplabv3plus_resnet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
model = dict(
    backbone=dict(
        depth=50,
        init_cfg=dict(checkpoint='https://download.pytorch.org/models/resnet50-0676ba61.pth')),
    decode_head=dict(in_channels=2048, c1_in_channels=256, channels=256))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
