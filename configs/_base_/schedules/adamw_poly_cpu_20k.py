# The VOC recipes' schedule from scratch: adamw_poly_cpu.py over 20,000 iterations, a 500-iteration
# warm-up, validation and checkpoints every 1,000, the best kept by mIoU.
_base_ = ['./adamw_poly_cpu.py']
max_iters = 20000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=500),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=500, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters, val_interval=1000)
default_hooks = dict(checkpoint=dict(interval=1000, save_best='mIoU'))
