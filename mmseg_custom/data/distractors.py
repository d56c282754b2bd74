"""Printed text and other logos on a background: things that look like the logo but are not it.

On real challenge images the network marked printed text on a jersey as logo. Words set in
several typefaces, sizes, colours (dark purples among them), opacities and angles, and
sometimes a foreign logo blended like the real one, teach it otherwise: they are never in the
mask.
"""
import string

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from mmseg_custom.data.logo_art import bundled_font
from mmseg_custom.data.logo_compositor import (LogoPlacement, paste_logo, sample_placement,
                                               transform_logo)

TYPEFACES = ('DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf',
             'DejaVuSansMono-Bold.ttf', 'DejaVuSans-Oblique.ttf')
WORD_LETTERS = string.ascii_letters + string.digits


def add_distractors(image: np.ndarray, rng: np.random.Generator,
                    foreign_logo: np.ndarray = None) -> np.ndarray:
    """Return uint8 RGB `image` with 1-4 lines of text and, with p=0.3, a foreign logo.

    `foreign_logo` is a premultiplied float RGBA logo (see `premultiply`), pasted by the
    challenge's recipe but left out of any mask.
    """
    height, width = image.shape[:2]
    layer = Image.new('RGBA', (width, height), (0, 0, 0, 0))
    for _ in range(int(rng.integers(1, 5))):
        layer.alpha_composite(_text_line(rng, width, height))
    base = Image.fromarray(image).convert('RGBA')
    base.alpha_composite(layer)
    out = np.asarray(base.convert('RGB'), dtype=np.float32) / 255.0
    if foreign_logo is not None and rng.random() < 0.3:
        placement = sample_placement(rng)
        placement = LogoPlacement(placement.flip, placement.angle_deg, placement.swirl_strength,
                                  placement.scale, float(rng.uniform(0.1, 0.7)),
                                  placement.anchor)
        unused_mask = np.zeros((height, width), bool)
        paste_logo(out, unused_mask, transform_logo(foreign_logo, placement), placement)
    return np.clip(np.rint(out * 255), 0, 255).astype(np.uint8)


def _text_line(rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """One line of 1-3 random words, anywhere, at any angle, as an RGBA layer of the image's
    size."""
    words = [''.join(rng.choice(list(WORD_LETTERS), size=int(rng.integers(2, 9))))
             for _ in range(int(rng.integers(1, 4)))]
    if rng.random() < 0.5:
        words = [w.capitalize() for w in words]
    font = ImageFont.truetype(str(bundled_font(TYPEFACES[int(rng.integers(len(TYPEFACES)))])),
                              size=int(rng.integers(12, 90)))
    if rng.random() < 0.3:  # dark purples and magentas, near the logo's own colour
        colour = (int(rng.integers(40, 180)), int(rng.integers(0, 60)), int(rng.integers(40, 180)))
    else:
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
    opacity = int(rng.uniform(0.15, 1.0) * 255)
    text = ' '.join(words)
    left, top, right, bottom = font.getbbox(text)
    line = Image.new('RGBA', (right - left + 4, bottom - top + 4), (0, 0, 0, 0))
    ImageDraw.Draw(line).text((2 - left, 2 - top), text, font=font, fill=(*colour, opacity))
    if rng.random() < 0.5:
        line = line.rotate(float(rng.uniform(0, 360)), expand=True,
                           resample=Image.Resampling.BILINEAR)
    layer = Image.new('RGBA', (width, height), (0, 0, 0, 0))
    x = int(rng.integers(-line.width // 2, width - line.width // 2 + 1))
    y = int(rng.integers(-line.height // 2, height - line.height // 2 + 1))
    layer.paste(line, (x, y))
    return layer
