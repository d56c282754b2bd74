# Segmentation + multi-label classification from one model (PASCAL VOC 2009, H02A5a group assignment 2): the MobileNetV2 U-Net
# with 21 classes and an image-level "which of the 20 classes are present" head.
_base_ = ['./mobilenetv2_unet.py']
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
    # from the deepest features
    cls_head=dict(type='MultiLabelClsHead', in_channels=320, num_classes=num_classes - 1,
                  first_class=1, loss_weight=0.4))
