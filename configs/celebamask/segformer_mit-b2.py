# SegFormer with a MiT-B2 encoder pretrained on ImageNet-1k (the only pretraining the course
# allows), 512x512 faces, 40k iterations of batch 8. Meant for a GPU:
#   python tools/train.py configs/celebamask/segformer_mit-b2.py
_base_ = [
    '../_base_/models/segformer_mit-b0.py', '../_base_/datasets/celebamask.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_40k.py'
]
checkpoint = 'https://download.openmmlab.com/mmsegmentation/v0.5/pretrain/segformer/mit_b2_20220624-66e8bf70.pth'  # noqa
model = dict(
    data_preprocessor=dict(size=(512, 512)),
    backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint=checkpoint),
        embed_dims=64,
        num_layers=[3, 4, 6, 3]),
    decode_head=dict(in_channels=[64, 128, 320, 512], channels=768, num_classes=19))
default_hooks = dict(checkpoint=dict(save_best='mIoU'))
