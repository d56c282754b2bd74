# Local files and TensorBoard: tensorboard --logdir <work_dir>
_base_ = ['../default_runtime.py']
visualizer = dict(vis_backends=[dict(type='LocalVisBackend'), dict(type='TensorboardVisBackend')])
# validation metrics as they are, not averaged with earlier validations (mmengine averages any
# name containing 'loss' over its window)
log_processor = dict(
    log_with_hierarchy=True,  # train/loss, train/iou, val/val_loss, val/iou: one curve per split
    custom_cfg=[dict(data_src='val_loss', method_name='mean', window_size=1)])
