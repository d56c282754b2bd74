"""What an attack tries to achieve, as a loss to minimise and a test of success."""
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn.functional as F

from mmseg_custom.errors import OptionError

IGNORE = 255
UNTARGETED, APPEAR, VANISH = 'untargeted', 'appear', 'vanish'
KINDS = (UNTARGETED, APPEAR, VANISH)


@dataclass(frozen=True)
class AttackGoal:
    """`untargeted`: change as many pixel labels as possible; `appear`: have the model see
    `target_class` everywhere; `vanish`: have `target_class` disappear, its pixels taking
    each pixel's next most likely class. `success_fraction` sets when an image counts as
    fooled (see `succeeded`).
    """
    kind: str = UNTARGETED
    target_class: Optional[int] = None
    success_fraction: float = 0.5

    def __post_init__(self):
        if self.kind not in KINDS:
            raise OptionError(f'attack goal must be one of {KINDS}, got {self.kind!r}')
        if (self.kind == UNTARGETED) != (self.target_class is None):
            raise OptionError(f'goal {self.kind!r}: a target class is needed for appear and '
                              'vanish, and meaningless when untargeted')

    def target_map(self, clean_logits: torch.Tensor) -> torch.Tensor:
        """(B, H, W) labels the attack steers towards (untargeted: away from)."""
        clean = clean_logits.argmax(dim=1)
        if self.kind == UNTARGETED:
            return clean
        if self.kind == APPEAR:
            return torch.full_like(clean, self.target_class)
        runner_up = clean_logits.clone()
        runner_up[:, self.target_class] = float('-inf')
        return torch.where(clean == self.target_class, runner_up.argmax(dim=1), clean)

    def loss(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """The quantity an attack minimises."""
        ce = F.cross_entropy(logits, target, ignore_index=IGNORE)
        return -ce if self.kind == UNTARGETED else ce

    def succeeded(self, clean: torch.Tensor, attacked: torch.Tensor) -> Optional[bool]:
        """For one (H, W) pair of label maps: untargeted, at least `success_fraction` of the
        pixels changed label; appear, the target covers at least that fraction of the image;
        vanish, at least that fraction of the target's pixels lost it. None (not applicable)
        when the class to remove was not predicted in the first place.
        """
        f = self.success_fraction
        if self.kind == UNTARGETED:
            return bool((clean != attacked).float().mean() >= f)
        if self.kind == APPEAR:
            return bool((attacked == self.target_class).float().mean() >= f)
        was = clean == self.target_class
        if not was.any():
            return None
        return bool((attacked[was] != self.target_class).float().mean() >= f)
