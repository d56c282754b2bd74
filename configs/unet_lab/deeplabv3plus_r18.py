# Lab section 4: DeepLabV3+ over a dilated ResNet-18 (ImageNet weights).
_base_ = [
    '../_base_/models/deeplabv3plus_resnet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
model = dict(backbone=dict(depth=18), decode_head=dict(in_channels=512, c1_in_channels=64))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
