# The same model with its encoder initialised from ImageNet-1k (the assignment's model (ii),
# transfer learning). ImageNet contains no PASCAL VOC images, as the assignment requires.
# The checkpoint is OpenMMLab's MobileNetV2 classifier; its keys start with 'backbone.'.
_base_ = [
    '../_base_/models/mobilenetv2_unet_voc.py', '../_base_/datasets/voc2009.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu_10k_finetune.py'
]
checkpoint = 'https://download.openmmlab.com/mmclassification/v0/mobilenet_v2/mobilenet_v2_batch256_imagenet_20200708-3b2dc3af.pth'  # noqa
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', checkpoint=checkpoint, prefix='backbone.')))
env_cfg = dict(cudnn_benchmark=False)
