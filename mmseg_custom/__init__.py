"""Project modules registered into MMSegmentation.

`custom_imports=dict(imports=['mmseg_custom'])` in a config imports this package, which
registers every dataset, transform, model and metric, and mmengine's loader for local
checkpoints under torch >= 2.6 (see `checkpoint_loading`).
"""
from . import checkpoint_loading, datasets, engine, evaluation, models, transforms  # noqa: F401
