# Logging to local files only: <work_dir>/<timestamp>/vis_data/scalars.json (and the text log).
_base_ = ['../default_runtime.py']
visualizer = dict(vis_backends=[dict(type='LocalVisBackend')])
