# The lab's schedule (the UNet lab, COMS4036A lab 3): Adam with the curves and best checkpoints of adam_curves.py;
# 10 training images in batches of 2 make an epoch of 5 iterations, validated after each.
_base_ = ['./adam_curves.py']
train_cfg = dict(max_iters=1000, val_interval=5)
default_hooks = dict(logger=dict(interval=5), checkpoint=dict(interval=100))
