# The headline recipe: SegFormer, MiT-B2 encoder pretrained on ImageNet-1k, whole 340x512 images.
# Meant for a GPU: python tools/train.py configs/logo/segformer_mit-b2.py
_base_ = [
    '../_base_/models/segformer_mit-b0.py', '../_base_/datasets/logo.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_40k.py'
]
checkpoint = 'https://download.openmmlab.com/mmsegmentation/v0.5/pretrain/segformer/mit_b2_20220624-66e8bf70.pth'  # noqa
model = dict(
    backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint=checkpoint),
        embed_dims=64,
        num_layers=[3, 4, 6, 3]),
    decode_head=dict(
        in_channels=[64, 128, 320, 512],
        channels=768,
        loss_decode=[
            dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
            # ignore_index=0 drops the background channel: a per-image Dice of the logo alone
            dict(type='DiceLoss', use_sigmoid=False, ignore_index=0, loss_weight=1.0),
        ]))
train_dataloader = dict(batch_size=8)
