"""FGSM and PGD under an L-inf budget, on images in [0, 1]."""
import torch

from mmseg_custom.errors import OptionError

from .goals import AttackGoal
from .pixel_model import PixelSpaceSegmentor


def _loss_gradient(model: PixelSpaceSegmentor, goal: AttackGoal, images: torch.Tensor,
                   target: torch.Tensor) -> torch.Tensor:
    images = images.detach().requires_grad_(True)
    with torch.enable_grad():
        loss = goal.loss(model(images), target)
        (gradient,) = torch.autograd.grad(loss, images)
    return gradient


def _project(images: torch.Tensor, delta: torch.Tensor, eps: float) -> torch.Tensor:
    """Into the L-inf ball of radius eps, then so that images + delta stays in [0, 1]."""
    delta = delta.clamp(-eps, eps)
    return (images + delta).clamp(0.0, 1.0) - images


def fgsm(model: PixelSpaceSegmentor, images: torch.Tensor, goal: AttackGoal,
         eps: float = 8 / 255) -> torch.Tensor:
    """One signed-gradient step of size eps (Goodfellow et al., 2015); returns the
    perturbation, with |delta| <= eps and images + delta in [0, 1]."""
    with torch.no_grad():
        target = goal.target_map(model(images))
    step = -eps * _loss_gradient(model, goal, images, target).sign()
    return _project(images, step, eps)


def pgd(model: PixelSpaceSegmentor, images: torch.Tensor, goal: AttackGoal,
        eps: float = 8 / 255, steps: int = 10, step_size: float = None,
        random_start: bool = True, generator: torch.Generator = None) -> torch.Tensor:
    """Projected gradient descent (Madry et al., 2018): `steps` signed steps of `step_size`
    (default 2.5 eps / steps), each projected back into the budget; from a random point of
    the budget when `random_start`. The target is fixed from the clean prediction."""
    if steps < 1:
        raise OptionError(f'PGD needs at least one step, got {steps}')
    step_size = 2.5 * eps / steps if step_size is None else step_size
    with torch.no_grad():
        target = goal.target_map(model(images))
    delta = torch.zeros_like(images)
    if random_start and eps > 0:
        noise = torch.rand(images.shape, generator=generator, dtype=images.dtype)
        delta = _project(images, (2 * noise.to(images.device) - 1) * eps, eps)
    for _ in range(steps):
        gradient = _loss_gradient(model, goal, images + delta, target)
        delta = _project(images, delta - step_size * gradient.sign(), eps)
    return delta.detach()
