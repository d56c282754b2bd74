# unet_mobilenetv2_imagenet.py on the Kaggle competition's own files. Set only the folder:
#   python tools/train.py configs/voc2009/unet_mobilenetv2_imagenet_kaggle.py \
#       --cfg-options data_root=<competition>
_base_ = [
    '../_base_/models/mobilenetv2_unet_voc.py', '../_base_/datasets/voc2009_kaggle.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu_10k_finetune.py'
]
checkpoint = 'https://download.openmmlab.com/mmclassification/v0/mobilenet_v2/mobilenet_v2_batch256_imagenet_20200708-3b2dc3af.pth'  # noqa
model = dict(
    backbone=dict(init_cfg=dict(type='Pretrained', checkpoint=checkpoint, prefix='backbone.')))
env_cfg = dict(cudnn_benchmark=False)
