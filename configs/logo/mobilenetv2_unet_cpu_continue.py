# Continue training the shipped CPU model from its weights (a fresh optimizer, a shorter warm-up
# and a lower peak learning rate), for CPU budgets spread over several sessions:
#   python tools/train.py configs/logo/mobilenetv2_unet_cpu_continue.py
_base_ = ['./mobilenetv2_unet_cpu.py']
load_from = 'mmseg_custom/assets/logo_mobilenetv2_unet_cpu.pth'
optim_wrapper = dict(optimizer=dict(lr=1e-3))
max_iters = 2000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=100),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=100, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters)
