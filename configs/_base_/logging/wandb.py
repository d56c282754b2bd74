# Local files and Weights & Biases. Offline by default: no account and no login are needed, the
# run is written to <work_dir>/<timestamp>/vis_data/wandb/offline-run-*; upload it later with
# `wandb sync <that folder>`, or log live after `wandb login` with
# --cfg-options visualizer.vis_backends.1.init_kwargs.mode=online
_base_ = ['../default_runtime.py']
visualizer = dict(vis_backends=[
    dict(type='LocalVisBackend'),
    dict(type='WandbVisBackend',
         init_kwargs=dict(project='mmseg-challenges', mode='offline'),
         define_metric_cfg={'val/iou': 'max', 'val/val_loss': 'min'}),
])
# validation metrics as they are, not averaged with earlier validations (mmengine averages any
# name containing 'loss' over its window)
log_processor = dict(
    log_with_hierarchy=True,  # train/loss, train/iou, val/val_loss, val/iou: one curve per split
    custom_cfg=[dict(data_src='val_loss', method_name='mean', window_size=1)])
