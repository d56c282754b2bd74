# Segmentation + multi-label classification from one model, every weight trained from scratch
# (the assignment's model (i)). MobileNetV2 + U-Net decoder, sized for CPUs; 256x256 crops;
# the devkit layout (unet_mobilenetv2_scratch_kaggle.py: the competition's files).
_base_ = [
    '../_base_/models/mobilenetv2_unet_voc.py', '../_base_/datasets/voc2009.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu_20k.py'
]
env_cfg = dict(cudnn_benchmark=False)
