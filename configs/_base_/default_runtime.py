# Runtime shared by every config: registries, logging, environment.
default_scope = 'mmseg'
custom_imports = dict(imports=['mmseg_custom'], allow_failed_imports=False)
env_cfg = dict(
    cudnn_benchmark=True,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='SegLocalVisualizer', vis_backends=vis_backends, name='visualizer')
log_processor = dict(by_epoch=False)
log_level = 'INFO'
# Every run records its machine, library versions, times and trainable parameter count in
# <work_dir>/<timestamp>/run_record.json for tools/report.py. A leaf config that sets
# custom_hooks replaces this list: keep RunRecordHook in it (tests/test_report.py checks).
custom_hooks = [dict(type='RunRecordHook')]
# mmseg_custom.runner.build_runner adds, for every config, what keeps a run whole through a kill
# or a full disk: CheckpointHook becomes SafeCheckpointHook (old checkpoints go only once a new one
# is whole), MissedValidationHook (a validation cut short runs again at --resume) and
# WorkDirGuardHook (a work dir moved mid-run stops the run with one line).
load_from = None
resume = False
