# Segmentation + multi-label classification from one model, every weight trained from scratch
# (the assignment's model (i)). MobileNetV2 + U-Net decoder, sized for CPUs; 256x256 crops.
_base_ = [
    '../_base_/models/mobilenetv2_unet.py', '../_base_/datasets/voc2009.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu.py'
]
num_classes = 21
model = dict(
    type='EncoderDecoderWithClassifier',
    decode_head=dict(
        num_classes=num_classes,
        loss_decode=[
            dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
            # mmseg's DiceLoss would count border (255) pixels; this one leaves them out
            dict(type='MaskedDiceLoss', ignore_index=255, loss_weight=0.5),
        ]),
    # image-level "which of the 20 classes are present" from the deepest features
    cls_head=dict(type='MultiLabelClsHead', in_channels=320, num_classes=num_classes - 1,
                  first_class=1, loss_weight=0.4))
max_iters = 20000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=500),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=500, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters, val_interval=1000)
default_hooks = dict(checkpoint=dict(interval=1000, save_best='mIoU'))
env_cfg = dict(cudnn_benchmark=False)
