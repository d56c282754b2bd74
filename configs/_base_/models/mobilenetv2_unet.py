# MobileNetV2 encoder with a U-Net decoder: a network sized for CPUs (depthwise convolutions,
# few channels at high resolution). Logits come out at 1/2 resolution and are upsampled.
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255,
    size_divisor=32,  # pads training batches; test batches of mixed sizes below
    test_cfg=dict(size_divisor=32))
model = dict(
    type='EncoderDecoder',
    data_preprocessor=data_preprocessor,
    pretrained=None,
    backbone=dict(
        type='MobileNetV2',
        widen_factor=1.0,
        strides=(1, 2, 2, 2, 1, 2, 1),
        out_indices=(0, 1, 2, 4, 6),
        norm_cfg=norm_cfg),
    decode_head=dict(
        type='UNetHead',
        in_channels=[16, 24, 32, 96, 320],
        in_index=[0, 1, 2, 3, 4],
        channels=32,
        num_convs=2,
        separable=True,
        dropout_ratio=0.0,
        num_classes=2,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
