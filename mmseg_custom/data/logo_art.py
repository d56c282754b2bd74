"""Draws the project's logos: a likeness of the Mila logo (the default) and the old stand-in.

The challenge hands candidates the Mila logo as an RGBA image of 400x797 pixels. Its file cannot
be shipped, so `tools/draw_logo.py` redraws it from measurements: the emblem's discs (three
columns of graded sizes), the triangle mesh of small nodes and thin links, and the wordmark
"Mila" set in a DejaVu Sans glyph per letter (matplotlib ships the font), each letter scaled into
the box it fills in the real logo. Geometry is in "design units", the pixels of a public copy
whose content is 916 units wide; the drawing maps that content onto the full canvas width,
centred vertically.

The stand-in (twelve discs beside a lowercase "mila") is a second, unrelated logo: tests use it
as the wrong template.
"""
from pathlib import Path
from typing import Tuple

import numpy as np
from PIL import Image, ImageDraw, ImageFont

LOGO_HEIGHT, LOGO_WIDTH = 400, 797
# The real logo's colour, estimated from challenge images (where logo instances' blends meet).
MILA_PURPLE = (84, 12, 92, 255)

# Design units: the content spans x 0..916, y 0..271.
DESIGN_WIDTH, DESIGN_HEIGHT = 916.0, 271.0
# Emblem discs (x, y, radius): columns of graded sizes, mirrored about the middle row.
DISCS = [
    (70.9, 23.9, 19.8), (129.9, 23.9, 24.9),
    (32.2, 73.0, 32.6), (96.5, 73.0, 24.1),
    (19.2, 134.1, 17.1), (66.1, 134.1, 19.8), (121.3, 134.1, 24.9),
    (32.2, 195.3, 32.6), (96.5, 195.3, 24.1),
    (70.9, 244.4, 19.8), (129.9, 244.4, 24.9),
]
# Mesh nodes (x, y); all share NODE_RADIUS.
NODES = [
    (190.9, 12.4), (154.6, 73.0), (226.8, 73.0), (190.8, 134.2), (262.9, 134.2),
    (154.7, 195.4), (226.8, 195.4), (190.8, 256.0),
]
NODE_RADIUS = 8.5
# Links between emblem points: ('d', i) is DISCS[i], ('n', i) is NODES[i].
LINKS = [
    (('d', 1), ('n', 0)), (('d', 1), ('n', 1)), (('n', 0), ('n', 1)), (('n', 0), ('n', 2)),
    (('d', 3), ('n', 1)), (('n', 1), ('n', 2)), (('n', 1), ('n', 3)), (('n', 1), ('d', 6)),
    (('n', 2), ('n', 3)), (('n', 2), ('n', 4)),
    (('d', 6), ('n', 3)), (('n', 3), ('n', 4)), (('d', 6), ('n', 5)), (('n', 3), ('n', 5)),
    (('n', 3), ('n', 6)), (('n', 4), ('n', 6)),
    (('d', 8), ('n', 5)), (('n', 5), ('n', 6)), (('n', 5), ('d', 10)), (('n', 5), ('n', 7)),
    (('n', 6), ('n', 7)), (('d', 10), ('n', 7)),
]
LINK_WIDTH = 4.6  # chosen by overlap with the reference (4.6 to 6.4 tried)
LINK_GAP = 1.8  # links stop short of the discs and nodes they join
# Wordmark: (glyph, left, top, right, bottom) of each letter's ink in design units. The dot of
# the "i" is a disc, as in the logo (DejaVu's dot is square).
LETTERS = [('ı', 607, 86, 648, 267), ('l', 684, 1, 723, 266), ('a', 753, 81, 915, 270)]
# DejaVu's "M" has its middle vertex high above the baseline; the logo's reaches the baseline, so
# the M is drawn from its strokes: two stems and two diagonals (polygons in design units).
M_STROKES = [
    [(315, 1), (355, 1), (355, 266), (315, 266)],
    [(529, 1), (570, 1), (570, 266), (529, 266)],
    [(317, 1), (356, 1), (461, 266), (422, 266)],
    [(568.5, 1), (529.5, 1), (424.5, 266), (463.5, 266)],
]
I_DOT = (626.3, 25.0, 26.1)
WORDMARK_FONT = 'DejaVuSans-Bold.ttf'


def draw_logo(supersample: int = 4, colour: Tuple[int, int, int, int] = MILA_PURPLE) -> np.ndarray:
    """Return the Mila likeness as RGBA uint8 of shape (400, 797, 4), anti-aliased.

    Drawn at `supersample` times the size and reduced with a box filter, which gives the soft
    alpha border of an exported logo.
    """
    s = supersample
    scale = LOGO_WIDTH / DESIGN_WIDTH * s
    top = (LOGO_HEIGHT * s - DESIGN_HEIGHT * scale) / 2

    def at(x, y):
        return x * scale, top + y * scale

    canvas = Image.new('RGBA', (LOGO_WIDTH * s, LOGO_HEIGHT * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for x, y, r in DISCS + [(x, y, NODE_RADIUS) for x, y in NODES] + [I_DOT]:
        (cx, cy), rr = at(x, y), r * scale
        draw.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], fill=colour)
    for a, b in LINKS:
        (xa, ya, ra), (xb, yb, rb) = _point(a), _point(b)
        length = np.hypot(xb - xa, yb - ya)
        ux, uy = (xb - xa) / length, (yb - ya) / length
        start = at(xa + ux * (ra + LINK_GAP), ya + uy * (ra + LINK_GAP))
        end = at(xb - ux * (rb + LINK_GAP), yb - uy * (rb + LINK_GAP))
        draw.line([start, end], fill=colour, width=round(LINK_WIDTH * scale))
    for stroke in M_STROKES:
        draw.polygon([at(x, y) for x, y in stroke], fill=colour)
    for glyph, left, top_, right, bottom in LETTERS:
        x0, y0 = at(left, top_)
        x1, y1 = at(right, bottom)
        canvas.alpha_composite(_glyph(glyph, round(x1 - x0), round(y1 - y0), colour),
                               (round(x0), round(y0)))
    small = canvas.resize((LOGO_WIDTH, LOGO_HEIGHT), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.uint8).copy()


def _point(ref):
    kind, index = ref
    if kind == 'd':
        return DISCS[index]
    return (*NODES[index], NODE_RADIUS)


def _glyph(text: str, width: int, height: int, colour) -> Image.Image:
    """One glyph of the wordmark font, its ink stretched to exactly width x height."""
    font = ImageFont.truetype(str(bundled_font(WORDMARK_FONT)), size=4 * height)
    left, top, right, bottom = font.getbbox(text)
    ink = Image.new('L', (right - left + 8, bottom - top + 8), 0)
    ImageDraw.Draw(ink).text((4 - left, 4 - top), text, font=font, fill=255)
    ink = ink.crop(ink.getbbox())  # the ink alone, without the font's side bearings
    alpha = ink.resize((width, height), Image.Resampling.LANCZOS)
    glyph = Image.new('RGBA', (width, height), colour)
    glyph.putalpha(alpha)
    return glyph


def bundled_font(name: str) -> Path:
    """A TrueType font matplotlib ships (DejaVu), so no system font is needed."""
    import matplotlib
    return Path(matplotlib.get_data_path()) / 'fonts' / 'ttf' / name


# The stand-in: twelve discs in a loose network beside a lowercase "mila" (a wrong template).
STAND_IN_MAGENTA = (214, 0, 126, 255)
STAND_IN_PURPLE = (104, 36, 140, 255)
STAND_IN_LILAC = (158, 72, 178, 255)
STAND_IN_NODES = [
    (70, 110, 34), (165, 60, 22), (250, 120, 40), (120, 205, 26), (40, 270, 18),
    (205, 250, 30), (300, 215, 16), (330, 300, 28), (235, 345, 20), (135, 320, 36),
    (335, 95, 14), (70, 360, 13),
]
STAND_IN_LINKS = [
    (0, 1), (1, 2), (0, 3), (2, 3), (3, 4), (3, 5), (2, 6), (5, 6), (6, 7),
    (5, 8), (7, 8), (8, 9), (4, 9), (2, 10), (9, 11), (5, 9),
]
STAND_IN_WORDMARK_BOX = (390, 70, 780, 330)  # left, top, right, bottom


def draw_stand_in_logo(supersample: int = 4) -> np.ndarray:
    """Return the old stand-in logo, RGBA uint8 of shape (400, 797, 4)."""
    s = supersample
    canvas = Image.new('RGBA', (LOGO_WIDTH * s, LOGO_HEIGHT * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for a, b in STAND_IN_LINKS:
        (xa, ya, _), (xb, yb, _) = STAND_IN_NODES[a], STAND_IN_NODES[b]
        draw.line([(xa * s, ya * s), (xb * s, yb * s)], fill=STAND_IN_LILAC, width=7 * s)
    for i, (x, y, r) in enumerate(STAND_IN_NODES):
        colour = STAND_IN_MAGENTA if i % 2 == 0 else STAND_IN_PURPLE
        draw.ellipse([(x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s], fill=colour)
    left, top, right, bottom = (v * s for v in STAND_IN_WORDMARK_BOX)
    stroke, size = 6 * s, 10
    font = ImageFont.load_default(size=size)
    while size < (bottom - top) * 2:  # grow the font until the text no longer fits
        candidate = ImageFont.load_default(size=size + 4 * s)
        x0, y0, x1, y1 = draw.textbbox((0, 0), 'mila', font=candidate, stroke_width=stroke)
        if x1 - x0 > right - left or y1 - y0 > bottom - top:
            break
        font, size = candidate, size + 4 * s
    x0, y0, x1, y1 = draw.textbbox((0, 0), 'mila', font=font, stroke_width=stroke)
    x = left + (right - left - (x1 - x0)) / 2 - x0
    y = top + (bottom - top - (y1 - y0)) / 2 - y0
    draw.text((x, y), 'mila', font=font, fill=STAND_IN_PURPLE, stroke_width=stroke,
              stroke_fill=STAND_IN_PURPLE)
    small = canvas.resize((LOGO_WIDTH, LOGO_HEIGHT), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.uint8).copy()
