"""A local visualisation backend whose pictures are written like every other project file.

mmengine's `LocalVisBackend` ignores `cv2.imwrite`'s result, so a full disk or a read-only
folder leaves empty or missing overlays with exit code 0. `CheckedLocalVisBackend` writes each
picture atomically and raises OutputError naming it when the disk refuses.
"""
import os.path as osp

import cv2
import numpy as np
from mmengine.visualization import LocalVisBackend
from mmengine.visualization.vis_backend import force_init_env
from mmseg.registry import VISBACKENDS

from mmseg_custom.file_output import write_image_atomically


@VISBACKENDS.register_module()
class CheckedLocalVisBackend(LocalVisBackend):
    """LocalVisBackend whose images are whole or absent, and whose failures are errors."""

    @force_init_env
    def add_image(self, name: str, image: np.ndarray, step: int = 0, **kwargs) -> None:
        assert image.dtype == np.uint8
        write_image_atomically(cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                               osp.join(self._img_save_dir, f'{name}_{step}.png'))


def use_checked_image_writes(visualizer_cfg) -> None:
    """Swap a config's LocalVisBackend entries for CheckedLocalVisBackend (same files)."""
    for backend in visualizer_cfg.get('vis_backends') or []:
        if backend.get('type') in ('LocalVisBackend', LocalVisBackend):
            backend['type'] = 'CheckedLocalVisBackend'
