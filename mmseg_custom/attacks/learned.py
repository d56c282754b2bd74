"""A learned attacker: an encoder-decoder that maps an image to a bounded perturbation.

The assignment's adversary f(X) = delta, trained against the frozen segmentor h:
minimise L(h(X + delta), Y_dec) + lambda * R(delta), with L the goal's loss and R the mean
squared perturbation (an L2 penalty). The L-inf budget holds by construction: the network
ends in eps * tanh.
"""
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, List, Union

import torch
import torch.nn.functional as F
from torch import nn

from mmseg_custom.checkpoint_loading import CheckpointError
from mmseg_custom.file_output import torch_bytes, write_bytes_atomically

from .goals import AttackGoal
from .pixel_model import PixelSpaceSegmentor


def _block(channels_in: int, channels_out: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(channels_in, channels_out, 3, stride=stride, padding=1),
        nn.GroupNorm(4, channels_out), nn.ReLU(inplace=True))  # batch-size free


class PerturbationGenerator(nn.Module):
    """A small U-Net (two downsamplings, skip connections, group norm: trains on single
    images) with output eps * tanh(.)."""

    def __init__(self, eps: float = 8 / 255, width: int = 16) -> None:
        super().__init__()
        self.eps = eps
        self.enc1 = _block(3, width)
        self.enc2 = _block(width, 2 * width, stride=2)
        self.enc3 = _block(2 * width, 4 * width, stride=2)
        self.dec2 = _block(4 * width + 2 * width, 2 * width)
        self.dec1 = _block(2 * width + width, width)
        self.out = nn.Conv2d(width, 3, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        height, width = images.shape[2:]
        x = F.pad(images * 2 - 1, (0, -width % 4, 0, -height % 4), mode='replicate')
        s1 = self.enc1(x)
        s2 = self.enc2(s1)
        x = self.enc3(s2)
        x = F.interpolate(x, size=s2.shape[2:], mode='bilinear', align_corners=False)
        x = self.dec2(torch.cat([x, s2], dim=1))
        x = F.interpolate(x, size=s1.shape[2:], mode='bilinear', align_corners=False)
        x = self.dec1(torch.cat([x, s1], dim=1))
        delta = self.eps * torch.tanh(self.out(x))[:, :, :height, :width]
        return (images + delta).clamp(0.0, 1.0) - images


def train_attacker(model: PixelSpaceSegmentor, images: List[torch.Tensor], goal: AttackGoal,
                   eps: float = 8 / 255, epochs: int = 10, lr: float = 1e-3,
                   norm_weight: float = 1.0, seed: int = 0,
                   progress: Iterable = None) -> PerturbationGenerator:
    """Fit a generator on (1, 3, H, W) images in [0, 1], one image per step.

    The loss is the goal's loss on the attacked prediction plus `norm_weight` times the
    perturbation's mean square in units of eps^2 (so the weight means the same for any eps).
    `progress` wraps the epoch range (e.g. tqdm).
    """
    torch.manual_seed(seed)
    generator = PerturbationGenerator(eps)
    optimizer = torch.optim.Adam(generator.parameters(), lr=lr)
    with torch.no_grad():
        targets = [goal.target_map(model(image)) for image in images]
    epochs_iter = progress(range(epochs)) if progress else range(epochs)
    generator.train()
    for _ in epochs_iter:
        order = torch.randperm(len(images)).tolist()
        for index in order:
            delta = generator(images[index])
            task = goal.loss(model(images[index] + delta), targets[index])
            penalty = (delta / max(eps, 1e-12)).pow(2).mean()
            loss = task + norm_weight * penalty
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    generator.eval()
    return generator


_ATTACKER_KEYS = {'state_dict', 'eps', 'goal', 'width'}  # what save_attacker writes


def save_attacker(generator: PerturbationGenerator, goal: AttackGoal,
                  path: Union[str, Path]) -> None:
    """Weights, budget and goal in one file, so `tools/attack.py --method learned` needs
    nothing else. Written atomically: an interrupted save leaves no partial file."""
    write_bytes_atomically(torch_bytes(dict(
        state_dict=generator.state_dict(), eps=generator.eps, goal=asdict(goal),
        width=generator.enc1[0].out_channels)), path)


def load_attacker(path: Union[str, Path]):
    """(generator in eval mode, goal) from a file written by `save_attacker`; any other file
    (a segmentor's checkpoint, junk) is a CheckpointError in one line."""
    try:
        saved = torch.load(str(path), map_location='cpu', weights_only=True)
    except FileNotFoundError:
        raise
    except Exception:  # torch raises many types for what is not a plain tensor file
        saved = None
    if not isinstance(saved, dict) or not _ATTACKER_KEYS <= set(saved):
        raise CheckpointError(f'{path} is not an attacker file; tools/train_attacker.py '
                              'writes one')
    generator = PerturbationGenerator(saved['eps'], saved['width'])
    generator.load_state_dict(saved['state_dict'])
    generator.eval()
    return generator, AttackGoal(**saved['goal'])
