# The lab's U-Net (the UNet lab, COMS4036A lab 3), variant 1: ConvTranspose2d(kernel 2, stride 2) up-sampling.
# 3x512x512 inputs, 64..1024 channels, BCE (2-class softmax cross-entropy), Adam, logged to
# Weights & Biases (offline until you log in) and local files; the best checkpoints by
# validation IoU and by validation loss are kept.
#   python tools/train.py configs/unet_lab/unet_lab_deconv.py
_base_ = [
    '../_base_/models/lab_unet.py', '../_base_/datasets/unet_lab.py',
    '../_base_/logging/wandb.py', '../_base_/schedules/adam_lab_1k.py'
]
model = dict(backbone=dict(upsample='deconv'))
