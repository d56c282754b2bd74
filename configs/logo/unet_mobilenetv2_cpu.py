# MobileNetV2 + U-Net decoder trained from scratch on 2 CPU cores, on 256x256 crops (whole
# images at test time), logits at half resolution; the shipped model's first stage (see the
# guide's history table). Data and command:
#   python tools/make_logo_dataset.py data/logo/train --num 4000 --seed 0 --workers 2
#   python tools/make_logo_dataset.py data/logo/val   --num 100  --seed 1 --workers 2
#   python tools/train.py configs/logo/unet_mobilenetv2_cpu.py
_base_ = [
    '../_base_/models/mobilenetv2_unet.py', '../_base_/datasets/logo.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu.py'
]
model = dict(decode_head=dict(loss_decode=[
    dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
    # ignore_index=0 drops the background channel: a per-image Dice of the logo alone
    dict(type='DiceLoss', use_sigmoid=False, ignore_index=0, loss_weight=1.0),
]))
env_cfg = dict(cudnn_benchmark=False)
