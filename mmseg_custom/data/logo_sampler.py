"""One synthetic logo sample per index: the recipe that both the dataset writer and the
on-the-fly training dataset draw from.

Sample `i` comes from a generator seeded by (seed, i), so it is the same whichever process,
worker count or order asks for it. Options beyond the challenge's recipe (dead-leaves
backgrounds, wider scales, recoloured copies, distractors) draw random numbers only when they
are on, so data made without them stays what it was.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import cv2
import numpy as np

from mmseg_custom.data.backgrounds import load_backgrounds, random_background
from mmseg_custom.data.dead_leaves import dead_leaves_background
from mmseg_custom.data.distractors import add_distractors
from mmseg_custom.data.logo_art import draw_stand_in_logo
from mmseg_custom.data.logo_compositor import SCALE_RANGE, composite, premultiply
from mmseg_custom.errors import InputError, OptionError

DEFAULT_LOGO = Path(__file__).resolve().parents[1] / 'assets' / 'logo.png'
IMAGE_HEIGHT, IMAGE_WIDTH = 340, 512


def load_logo_rgba(path: Path = DEFAULT_LOGO) -> np.ndarray:
    """Read an RGBA logo as uint8 RGBA; a logo without alpha is refused."""
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise FileNotFoundError(f'cannot read logo {path}')
    if image.ndim != 3 or image.shape[2] != 4:
        raise InputError(f'logo {path} has no alpha channel; the logo must be an RGBA image '
                         'with a transparent background')
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    return cv2.cvtColor(image, cv2.COLOR_BGRA2RGBA)


@dataclass(frozen=True)
class LogoRecipe:
    """What a sample may contain; the defaults are the challenge's recipe."""
    seed: int = 0
    logo_path: str = str(DEFAULT_LOGO)
    background_dir: Optional[str] = None
    background_set: str = 'train'
    dead_leaves: float = 0.0  # fraction of procedural backgrounds instead of photographs
    scale_range: Tuple[float, float] = SCALE_RANGE
    vary_colour: bool = False
    distractors: float = 0.0  # fraction of backgrounds given printed text and foreign logos

    def check(self) -> None:
        """Refuse settings outside their ranges, naming the option."""
        for name in ('dead_leaves', 'distractors'):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise OptionError(f'--{name.replace("_", "-")} must be a fraction in [0, 1], '
                                  f'got {value}')
        low, high = self.scale_range
        if not 0 < low <= high <= 1:
            raise OptionError(f'--scale-range must be 0 < LOW <= HIGH <= 1, got {low} {high}')


class LogoSampler:
    """Draws sample `index` of a recipe; loads the logo and photographs once per process."""

    def __init__(self, recipe: LogoRecipe) -> None:
        recipe.check()
        self.recipe = recipe
        self._logo = None
        self._photos = None
        self._foreign_logo = None

    def _load(self) -> None:
        self._logo = premultiply(load_logo_rgba(Path(self.recipe.logo_path)))
        self._photos = load_backgrounds(self.recipe.background_set, self.recipe.background_dir)
        if self.recipe.distractors > 0:
            self._foreign_logo = premultiply(draw_stand_in_logo())

    def __call__(self, index: int) -> Tuple[np.ndarray, np.ndarray]:
        """(uint8 RGB image of 340x512, uint8 mask of 0/255) for `index`."""
        if self._logo is None:
            self._load()
        r = self.recipe
        rng = np.random.default_rng([r.seed, index])
        if r.dead_leaves > 0 and rng.random() < r.dead_leaves:
            background = dead_leaves_background(self._photos, rng, IMAGE_HEIGHT, IMAGE_WIDTH)
        else:
            background = random_background(self._photos, rng, IMAGE_HEIGHT, IMAGE_WIDTH)
        if r.distractors > 0 and rng.random() < r.distractors:
            background = add_distractors(background, rng, self._foreign_logo)
        return composite(background, self._logo, rng, tuple(r.scale_range), r.vary_colour)
