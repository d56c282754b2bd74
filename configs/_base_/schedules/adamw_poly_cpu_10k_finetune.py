# Fine-tuning a pretrained encoder: adamw_poly_cpu_20k.py over 10,000 iterations, the encoder
# learning 10x slower than the new heads.
_base_ = ['./adamw_poly_cpu_20k.py']
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
max_iters = 10000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=500),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=500, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters)
