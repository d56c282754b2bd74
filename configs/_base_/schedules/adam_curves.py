# Adam at a constant rate (the labs' recipe), iteration-based, with the curves both labs ask
# for: training loss and IoU every `logger.interval` iterations, validation loss and metrics
# every `val_interval`; the best checkpoints by validation IoU and by validation loss are kept
# (best_iou_iter_N.pth, best_val_loss_iter_N.pth).
optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.0))
param_scheduler = []
train_cfg = dict(type='IterBasedTrainLoop', max_iters=2000, val_interval=100)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=10, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=500, max_keep_ckpts=1,
                    save_best=['iou', 'val_loss'], rule=['greater', 'less']),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'),
    # named here rather than in custom_hooks, which default_runtime.py sets (a key two bases
    # both set is an error); the Runner registers every entry of default_hooks
    validation_loss=dict(type='ValidationLossHook'),
    training_iou=dict(type='TrainingIoUHook'))
