"""What an attack did to one image (numbers and a picture) and over a folder (summary)."""
import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import cv2
import numpy as np

IGNORE = 255


@dataclass
class ImageReport:
    """Per image: success (None: not applicable), pixel accuracy of the clean and attacked
    predictions against the reference (ground truth if given, else the clean prediction),
    and the perturbation's size in [0, 1] pixel units (L-inf, L2 over all values) and PSNR."""
    name: str
    success: Optional[bool]
    pixel_acc_clean: float
    pixel_acc_attacked: float
    linf: float
    l2: float
    psnr: float


def pixel_accuracy(prediction: np.ndarray, reference: np.ndarray) -> float:
    valid = reference != IGNORE
    return float((prediction[valid] == reference[valid]).mean()) if valid.any() else float('nan')


def psnr(delta: np.ndarray) -> float:
    """Of the attacked image against the original, peak 1; infinite for no change."""
    mse = float(np.mean(np.square(delta, dtype=np.float64)))
    return math.inf if mse == 0 else 10 * math.log10(1.0 / mse)


def measure(name: str, delta: np.ndarray, clean: np.ndarray, attacked: np.ndarray,
            reference: np.ndarray, success: Optional[bool]) -> ImageReport:
    return ImageReport(name, success, pixel_accuracy(clean, reference),
                       pixel_accuracy(attacked, reference), float(np.abs(delta).max()),
                       float(np.sqrt(np.square(delta, dtype=np.float64).sum())), psnr(delta))


def summarize(reports: Sequence[ImageReport]) -> Dict[str, Optional[float]]:
    """Success rate over the images where the goal applies; means of the rest."""
    applicable = [r.success for r in reports if r.success is not None]
    finite_psnr = [r.psnr for r in reports if math.isfinite(r.psnr)]
    return dict(
        images=len(reports),
        applicable=len(applicable),
        success_rate=float(np.mean(applicable)) if applicable else None,
        mean_pixel_acc_clean=float(np.mean([r.pixel_acc_clean for r in reports])),
        mean_pixel_acc_attacked=float(np.mean([r.pixel_acc_attacked for r in reports])),
        mean_pixel_acc_drop=float(np.mean([r.pixel_acc_clean - r.pixel_acc_attacked
                                           for r in reports])),
        max_linf=float(max(r.linf for r in reports)),
        max_linf_255=float(max(r.linf for r in reports) * 255),
        mean_l2=float(np.mean([r.l2 for r in reports])),
        mean_psnr_db=float(np.mean(finite_psnr)) if finite_psnr else None,
        unchanged_images=len(reports) - len(finite_psnr),
    )


def colourise(labels: np.ndarray, palette: Sequence[Sequence[int]]) -> np.ndarray:
    """RGB picture of a label map; labels outside the palette are white."""
    table = np.full((256, 3), 255, np.uint8)
    table[:len(palette)] = np.asarray(palette, np.uint8)[:256]
    return table[labels.astype(np.uint8)]


def _titled(panel: np.ndarray, title: str, bar: int = 18) -> np.ndarray:
    header = np.full((bar, panel.shape[1], 3), 255, np.uint8)
    scale = min(0.45, 0.45 * panel.shape[1] / 150)
    cv2.putText(header, title, (3, bar - 5), cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), 1,
                cv2.LINE_AA)
    return np.vstack([header, panel])


def attack_picture(image: np.ndarray, delta: np.ndarray, clean: np.ndarray,
                   attacked: np.ndarray, palette: Sequence[Sequence[int]], eps: float,
                   gap: int = 4) -> np.ndarray:
    """One RGB uint8 picture: image | perturbation (amplified: -eps..eps spans black..white)
    | perturbed image | mask before | mask after. `image` and `delta` are (H, W, 3) RGB in
    [0, 1]."""
    amplified = 0.5 + delta / (2 * eps) if eps > 0 else np.full_like(delta, 0.5)
    to8 = lambda a: (np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8)  # noqa: E731
    panels = [(to8(image), 'image'), (to8(amplified), f'perturbation x{0.5 / max(eps, 1e-12):.0f}'),
              (to8(image + delta), 'perturbed'), (colourise(clean, palette), 'mask before'),
              (colourise(attacked, palette), 'mask after')]
    spacer = np.full((panels[0][0].shape[0] + 18, gap, 3), 255, np.uint8)
    row: List[np.ndarray] = []
    for picture, title in panels:
        row += [_titled(picture, title), spacer]
    return np.hstack(row[:-1])
