# The scratch twin of unet_efficientnet-lite0_imagenet.py: the same EfficientNet-Lite0 + U-Net
# decoder + classifier and the same schedule (the fine-tuning one, encoder at a tenth of the
# rate, kept here too), every weight randomly initialised, so that the pair measures what
# ImageNet pretraining alone brings (the assignment's models (i) and (ii)).
_base_ = [
    '../_base_/models/efficientnet_lite0_unet.py', '../_base_/datasets/voc2009.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu_10k_finetune.py'
]
num_classes = 21
model = dict(
    type='EncoderDecoderWithClassifier',
    backbone=dict(init_cfg=None),
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
env_cfg = dict(cudnn_benchmark=False)
