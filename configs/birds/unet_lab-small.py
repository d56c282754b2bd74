# Birds (the bird segmentation assignment), the U-Net: the lab's from-scratch U-Net shrunk for 5-10 CPU minutes
# (16..256 channels, bilinear up-sampling), BCE, Adam; local + TensorBoard logs; best
# checkpoints by validation IoU and validation loss. Differs from encdec_lab-small.py in the skips only.
#   python tools/train.py configs/birds/unet_lab-small.py
_base_ = [
    '../_base_/models/lab_unet.py', '../_base_/datasets/birds.py',
    '../_base_/logging/tensorboard.py', '../_base_/schedules/adam_curves.py'
]
model = dict(
    backbone=dict(base_channels=16, upsample='bilinear', skip_connections=True),
    decode_head=dict(in_channels=16, channels=16))
train_cfg = dict(max_iters=1000, val_interval=100)
randomness = dict(seed=0)  # encdec_lab-small.py shares it: the two differ in the skips only
