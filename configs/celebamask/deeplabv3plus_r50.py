# DeepLabV3+ with a ResNet-50-V1c encoder pretrained on ImageNet-1k (the only pretraining the
# course allows), 512x512 faces, SGD for 40k iterations of batch 8. Meant for a GPU:
#   python tools/train.py configs/celebamask/deeplabv3plus_r50.py
_base_ = [
    '../_base_/models/deeplabv3plus_r50-d8.py', '../_base_/datasets/celebamask.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_40k.py'
]
norm_cfg = dict(type='BN', requires_grad=True)  # one GPU: plain BN (SyncBN needs a launcher)
checkpoint = 'https://download.openmmlab.com/pretrain/third_party/resnet50_v1c-2cccc1ad.pth'
model = dict(
    data_preprocessor=dict(size=(512, 512)),
    pretrained=None,
    backbone=dict(norm_cfg=norm_cfg, init_cfg=dict(type='Pretrained', checkpoint=checkpoint)),
    decode_head=dict(num_classes=19, norm_cfg=norm_cfg),
    auxiliary_head=dict(num_classes=19, norm_cfg=norm_cfg))
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4),
    clip_grad=None)
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=40000, by_epoch=False)]
default_hooks = dict(checkpoint=dict(save_best='mIoU'))
