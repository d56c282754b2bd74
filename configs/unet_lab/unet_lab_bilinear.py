# The lab's U-Net (the UNet lab, COMS4036A lab 3), variant 2: bilinear Upsample(scale_factor=2), then a 3x3
# convolution (padding 1) that halves the channels; everything else as unet_lab_deconv.py.
_base_ = ['./unet_lab_deconv.py']
model = dict(backbone=dict(upsample='bilinear'))
