# The lab's U-Net written from scratch (the UNet lab, COMS4036A lab 3): LabUNet, then a 1x1 convolution to 2 channels
# (FCNHead without its 3x3 convolutions). Channel 1 is the foreground; the softmax over the two
# channels is inside the loss (2-class cross-entropy = binary cross-entropy of the foreground
# probability) and inside mmseg_custom.birds_api.predict. Inputs are padded to multiples of 16.
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255,
    size_divisor=16,  # 4 poolings halve the size exactly only on multiples of 2**4
    test_cfg=dict(size_divisor=16))
model = dict(
    type='EncoderDecoder',
    data_preprocessor=data_preprocessor,
    pretrained=None,
    backbone=dict(
        type='LabUNet',
        in_channels=3,
        base_channels=64,
        num_levels=5,
        upsample='deconv',  # or 'bilinear'
        skip_connections=True,  # False: the plain encoder-decoder
        norm_cfg=norm_cfg),
    decode_head=dict(
        type='FCNHead',
        in_channels=64,
        in_index=-1,  # the decoder's last (full-resolution) map
        channels=64,
        num_convs=0,
        concat_input=False,
        dropout_ratio=0.0,
        num_classes=2,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, avg_non_ignore=True,
                         loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
