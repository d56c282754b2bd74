"""Let mmengine load its own full checkpoints under torch >= 2.6.

torch 2.6 made `torch.load(weights_only=True)` the default. mmengine 0.10.7 calls
`torch.load(filename, map_location=...)` for local files, and its checkpoints hold more than
tensors (message hub, optimizer and scheduler state, numpy scalars, the config), so resuming,
testing and inference all fail with an "Unpickling error". This module re-registers the loader
for local paths (mmengine's prefix '') with `weights_only=False`, in one place, for train.py,
test.py, infer.py and the Python API alike. Pickled checkpoints can run code when loaded:
only load files you trust, as with any torch checkpoint before torch 2.6.
"""
import os.path as osp

import torch
from mmengine.runner import CheckpointLoader


def load_local_checkpoint(filename: str, map_location=None):
    """Load a local checkpoint file with full unpickling (mmengine's format)."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} does not exist')
    return torch.load(filename, map_location=map_location, weights_only=False)


CheckpointLoader.register_scheme(prefixes='', loader=load_local_checkpoint, force=True)
