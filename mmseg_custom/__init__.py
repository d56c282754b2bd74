"""Project modules registered into MMSegmentation.

`custom_imports=dict(imports=['mmseg_custom'])` in a config imports this package, which
registers every dataset, transform, model and metric.
"""
import contextlib
import io
import warnings

# Imports print nothing. The OneDL fork of MMSegmentation prints "Could not import OneDL" on
# stdout when its optional `onedl` package is absent (it would break tools whose output is
# JSON), and mmcv without compiled ops warns about a deformable attention no config here uses.
warnings.filterwarnings('ignore', message='Fail to import ``MultiScaleDeformableAttention``')
with contextlib.redirect_stdout(io.StringIO()):
    import mmseg.datasets  # noqa: F401,E402

from . import (checkpoint_loading, datasets, engine, evaluation, models,  # noqa: E402,F401
               pretrained_weights, transforms, visualization)
