# A lighter SegFormer: MiT-B0 encoder pretrained on ImageNet-1k.
_base_ = ['./segformer_mit-b2.py']
checkpoint = 'https://download.openmmlab.com/mmsegmentation/v0.5/pretrain/segformer/mit_b0_20220624-7e0fe6dd.pth'  # noqa
model = dict(
    backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint=checkpoint),
        embed_dims=32,
        num_layers=[2, 2, 2, 2]),
    decode_head=dict(in_channels=[32, 64, 160, 256], channels=256))
