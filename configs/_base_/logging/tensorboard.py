# Local files and TensorBoard: tensorboard --logdir <work_dir>
_base_ = ['../default_runtime.py']
visualizer = dict(vis_backends=[dict(type='LocalVisBackend'), dict(type='TensorboardVisBackend')])
