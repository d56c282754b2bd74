# The same model with its encoder initialised from ImageNet-1k (the assignment's model (ii),
# transfer learning). ImageNet contains no PASCAL VOC images, as the assignment requires.
# The checkpoint is OpenMMLab's MobileNetV2 classifier; its keys start with 'backbone.'.
_base_ = ['./mobilenetv2_unet_scratch.py']
checkpoint = 'https://download.openmmlab.com/mmclassification/v0/mobilenet_v2/mobilenet_v2_batch256_imagenet_20200708-3b2dc3af.pth'  # noqa
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', checkpoint=checkpoint, prefix='backbone.')))
# fine-tune: the pretrained encoder learns 10x slower than the new heads
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
max_iters = 10000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=500),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=500, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters)
