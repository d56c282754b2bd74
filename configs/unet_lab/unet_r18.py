# Lab section 4: a U-Net decoder over ResNet-18 (ImageNet weights), the lab's data and curves.
_base_ = [
    '../_base_/models/resnet_unet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
model = dict(backbone=dict(depth=18), decode_head=dict(in_channels=[64, 128, 256, 512]))
optim_wrapper = dict(optimizer=dict(lr=1e-4))  # a pretrained encoder wants a gentler rate
