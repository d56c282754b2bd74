"""What the attack tools share: budgets written as fractions, goals named by class, images."""
from fractions import Fraction
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import torch

from mmseg_custom.errors import OptionError
from mmseg_custom.image_io import read_bgr_uint8
from .goals import UNTARGETED, AttackGoal


def parse_budget(text: str) -> float:
    """'8/255', '0.03' or '0' -> float in [0, 1] pixel units."""
    try:
        value = float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise OptionError(f'cannot read the budget {text!r}: write e.g. 8/255 or 0.03')
    if not 0 <= value <= 1:
        raise OptionError(f'the budget {text} is outside [0, 1] (pixel values run from 0 to 1)')
    return value


def goal_from_names(classes: Sequence[str], target_class: Optional[str], kind: str,
                    success_fraction: float = 0.5) -> AttackGoal:
    """The goal for a class name of the model (`kind`: appear or vanish), or untargeted."""
    if target_class is None:
        return AttackGoal(UNTARGETED, None, success_fraction)
    if target_class not in classes:
        raise OptionError(f'unknown class {target_class!r}; the model knows: '
                          f'{", ".join(classes)}')
    return AttackGoal(kind, list(classes).index(target_class), success_fraction)


def load_image(path: Path, device: str = 'cpu') -> torch.Tensor:
    """(1, 3, H, W) float tensor in [0, 1], BGR like the file as OpenCV reads it."""
    image = read_bgr_uint8(path).astype(np.float32) / 255.0
    return torch.from_numpy(image).permute(2, 0, 1)[None].to(device)
