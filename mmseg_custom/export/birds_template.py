"""Bird segmentation (the course's segmentation.py): the lab U-Net, predict and train_model.

Written by the project's tools/export_birds_submission.py from one of its configs; it needs
only torch, numpy and PIL (no MMSegmentation). The checker does

    model = get_model()
    model.load_state_dict(torch.load('segmentation_model.pth', map_location='cpu'))
    probabilities = predict(model, 'bird.jpg')     # H x W float32 in [0, 1]

and `train_model(train_data_path)` retrains the shipped model from the public train/ folder
(images/<class>/*.jpg with segmentations/<class>/*.png). Preprocessing is the project's
MMSegmentation test pipeline re-done in torch: RGB, long side resized to the training scale
(bilinear, half-pixel centres), mean/std normalisation, zero padding to a multiple of 16, the
logits cropped and resized back to the image, softmax. The resize reproduces OpenCV's
bilinear resize bit for bit, so the probabilities match the project's to float precision.
"""
import math
import random
from pathlib import Path
from typing import List, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

# --- settings (filled in from the config by the exporter) ---
SETTINGS = dict(
    in_channels=3, base_channels=16, num_levels=5, upsample='bilinear', skip_connections=True,
    batch_norm=True, num_classes=2,
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], bgr_to_rgb=True,
    size_divisor=16, test_scale=(128, 128), train_scale=(128, 128),
    ratio_range=(0.75, 1.25), crop_size=(96, 96), flip_prob=0.5, mask_threshold=127,
    lr=1e-3, weight_decay=0.0, max_iters=1000, batch_size=8,
)
# --- end of settings ---

MASK_FOLDERS = ('segmentations', 'gt', 'masks')
IGNORE = 255


# ----------------------------------------------------------------------------- the network
class ConvNormReLU(nn.Module):
    """3x3 convolution (padding 1), batch norm, ReLU; without norm the convolution has a bias."""

    def __init__(self, in_channels: int, out_channels: int, batch_norm: bool) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=not batch_norm)
        if batch_norm:
            self.bn = nn.BatchNorm2d(out_channels)
        self.activate = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)
        if hasattr(self, 'bn'):
            x = self.bn(x)
        return self.activate(x)


def double_conv(in_channels: int, out_channels: int, batch_norm: bool) -> nn.Sequential:
    return nn.Sequential(ConvNormReLU(in_channels, out_channels, batch_norm),
                         ConvNormReLU(out_channels, out_channels, batch_norm))


class DecoderBlock(nn.Module):
    """Double the size and halve the channels, concatenate the skip (if on), two convs."""

    def __init__(self, in_channels: int, upsample: str, skip: bool, batch_norm: bool) -> None:
        super().__init__()
        out_channels = in_channels // 2
        self.skip = skip
        if upsample == 'deconv':
            self.up = nn.ConvTranspose2d(in_channels, out_channels, kernel_size=2, stride=2)
        else:
            self.up = nn.Sequential(
                nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False),
                ConvNormReLU(in_channels, out_channels, batch_norm))
        self.convs = double_conv(out_channels * 2 if skip else out_channels, out_channels,
                                 batch_norm)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = self.up(x)
        if self.skip:
            x = torch.cat([skip, x], dim=1)
        return self.convs(x)


class LabUNet(nn.Module):
    """The U-Net (or, without skips, the encoder-decoder): padded convolutions, sides must be
    multiples of 2**(num_levels - 1)."""

    def __init__(self, in_channels: int, base_channels: int, num_levels: int, upsample: str,
                 skip_connections: bool, batch_norm: bool) -> None:
        super().__init__()
        widths = [base_channels * 2**level for level in range(num_levels)]
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.encoder = nn.ModuleList(
            double_conv(width_in, width, batch_norm)
            for width_in, width in zip([in_channels] + widths[:-1], widths))
        self.decoder = nn.ModuleList(
            DecoderBlock(width, upsample, skip_connections, batch_norm)
            for width in reversed(widths[1:]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = [self.encoder[0](x)]
        for block in self.encoder[1:]:
            features.append(block(self.pool(features[-1])))
        out = features[-1]
        for block, skip in zip(self.decoder, reversed(features[:-1])):
            out = block(out, skip)
        return out


class Head(nn.Module):
    """A 1x1 convolution to the class logits (channel 1: the bird)."""

    def __init__(self, in_channels: int, num_classes: int) -> None:
        super().__init__()
        self.conv_seg = nn.Conv2d(in_channels, num_classes, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv_seg(x)


class BirdSegmenter(nn.Module):
    """LabUNet + head; maps a normalised, padded N x 3 x H x W batch to N x 2 x H x W logits."""

    def __init__(self) -> None:
        super().__init__()
        s = SETTINGS
        self.backbone = LabUNet(s['in_channels'], s['base_channels'], s['num_levels'],
                                s['upsample'], s['skip_connections'], s['batch_norm'])
        self.decode_head = Head(s['base_channels'], s['num_classes'])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode_head(self.backbone(x))


def get_model() -> nn.Module:
    """The untrained network whose state_dict segmentation_model.pth holds."""
    return BirdSegmenter()


# ------------------------------------------------------------------------ preprocessing
def read_rgb(path) -> np.ndarray:
    """H x W x 3 uint8 RGB; grey images get their channel repeated, alpha is dropped,
    16-bit images keep their high byte."""
    image = Image.open(path)
    if image.mode in ('I;16', 'I;16B', 'I;16L', 'I'):
        grey = (np.asarray(image).astype(np.int64) >> 8).clip(0, 255).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)
    return np.array(image.convert('RGB'))


def rescaled_size(height: int, width: int, scale: Tuple[int, int]) -> Tuple[int, int]:
    """The size a keep-ratio resize to `scale` gives (long side to max(scale), short side at
    most min(scale)), rounded as MMCV rounds."""
    factor = min(max(scale) / max(height, width), min(scale) / min(height, width))
    return int(height * factor + 0.5), int(width * factor + 0.5)


def _linear_taps(src: int, dst: int, clamp_weight: bool):
    """Source indices and 11-bit fixed-point weights of OpenCV's INTER_LINEAR on one axis.

    Columns past an edge move their weight onto the edge pixel; rows keep the weights and
    clip the indices (both as cv2.resize does).
    """
    position = ((np.arange(dst) + 0.5) * (1.0 / (dst / src)) - 0.5).astype(np.float32)
    index = np.floor(position).astype(np.int64)
    fraction = (position - index.astype(np.float32)).astype(np.float32)
    if clamp_weight:
        fraction[index < 0], index[index < 0] = 0, 0
        edge = index >= src - 1
        fraction[edge], index[edge] = 0, src - 1
    weight0 = np.rint((np.float32(1) - fraction) * np.float32(2048)).astype(np.int64)
    weight1 = np.rint(fraction * np.float32(2048)).astype(np.int64)
    return np.clip(index, 0, src - 1), np.clip(index + 1, 0, src - 1), weight0, weight1


def resize_image(image: np.ndarray, size: Tuple[int, int]) -> np.ndarray:
    """cv2.resize(image, size, INTER_LINEAR) for uint8 images, bit for bit (the resize of
    MMCV's Resize): a horizontal pass in fixed point, then OpenCV's vectorised vertical pass
    (16-bit products, two shifts and a rounding)."""
    height, width = image.shape[:2]
    if (height, width) == tuple(size):
        return image.copy()
    pixels = image.astype(np.int64).reshape(height, width, -1)
    x0, x1, a0, a1 = _linear_taps(width, size[1], clamp_weight=True)
    rows = pixels[:, x0] * a0[None, :, None] + pixels[:, x1] * a1[None, :, None]
    y0, y1, b0, b1 = _linear_taps(height, size[0], clamp_weight=False)
    top, bottom = rows[y0] >> 4, rows[y1] >> 4
    mixed = ((top * b0[:, None, None]) >> 16) + ((bottom * b1[:, None, None]) >> 16)
    out = np.clip((mixed + 2) >> 2, 0, 255).astype(np.uint8)
    return out.reshape(size[0], size[1], *image.shape[2:])


def resize_mask(mask: np.ndarray, size: Tuple[int, int]) -> np.ndarray:
    tensor = torch.from_numpy(np.ascontiguousarray(mask))[None, None].float()
    return F.interpolate(tensor, size=size, mode='nearest')[0, 0].to(torch.uint8).numpy()


def normalise(image: np.ndarray) -> torch.Tensor:
    """uint8 RGB H x W x 3 -> float 3 x H x W, mean/std of the config."""
    if not SETTINGS['bgr_to_rgb']:
        image = image[..., ::-1]  # the model was trained on BGR
    tensor = torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1).float()
    mean = torch.tensor(SETTINGS['mean']).view(3, 1, 1)
    std = torch.tensor(SETTINGS['std']).view(3, 1, 1)
    return (tensor - mean) / std


def pad_batch(images: List[torch.Tensor], masks: Optional[List[torch.Tensor]] = None):
    """Zero-pad (masks: IGNORE) bottom and right to a common size divisible by size_divisor."""
    divisor = SETTINGS['size_divisor']
    height = math.ceil(max(i.shape[1] for i in images) / divisor) * divisor
    width = math.ceil(max(i.shape[2] for i in images) / divisor) * divisor
    batch = torch.stack([F.pad(i, (0, width - i.shape[2], 0, height - i.shape[1]), value=0)
                         for i in images])
    if masks is None:
        return batch
    targets = torch.stack([F.pad(m, (0, width - m.shape[1], 0, height - m.shape[0]),
                                 value=IGNORE) for m in masks])
    return batch, targets


def logits_at_image_size(model: nn.Module, image: np.ndarray) -> torch.Tensor:
    """1 x C x H x W logits for a uint8 RGB image, through the test preprocessing."""
    height, width = image.shape[:2]
    size = (height, width) if SETTINGS['test_scale'] is None else \
        rescaled_size(height, width, SETTINGS['test_scale'])
    x = normalise(resize_image(image, size))
    batch = pad_batch([x])
    device = next(model.parameters()).device
    logits = model(batch.to(device))[:, :, :size[0], :size[1]]
    return F.interpolate(logits, size=(height, width), mode='bilinear', align_corners=False)


def predict(model: nn.Module, img_path) -> np.ndarray:
    """Bird probability of every pixel: float32 H x W in [0, 1], the image's own size."""
    model.eval()
    with torch.no_grad():
        logits = logits_at_image_size(model, read_rgb(img_path))
    probabilities = logits.softmax(dim=1)[0, 1] if logits.shape[1] > 1 else \
        logits.sigmoid()[0, 0]
    return probabilities.float().cpu().numpy()


# ----------------------------------------------------------------------------- training
def find_pairs(train_data_path) -> List[Tuple[Path, Path]]:
    """(image, mask) pairs: images/<class>/<name>.jpg with <masks>/<class>/<name>.png."""
    root = Path(train_data_path)
    masks = next((root / name for name in MASK_FOLDERS if (root / name).is_dir()), None)
    if not (root / 'images').is_dir() or masks is None:
        raise FileNotFoundError(f'{root} needs images/ and one of {", ".join(MASK_FOLDERS)}/')
    pairs = []
    for image in sorted((root / 'images').rglob('*')):
        if image.suffix.lower() not in ('.jpg', '.jpeg', '.png'):
            continue
        mask = (masks / image.relative_to(root / 'images')).with_suffix('.png')
        if not mask.is_file():
            raise FileNotFoundError(f'image {image} has no mask {mask}')
        pairs.append((image, mask))
    if not pairs:
        raise FileNotFoundError(f'no images under {root / "images"}')
    return pairs


def read_mask(path) -> np.ndarray:
    """0/1 labels: the bird where the (soft, 0..255) mask is above the threshold."""
    mask = np.asarray(Image.open(path))
    if mask.ndim == 3:
        mask = mask.max(axis=2)
    return (mask > SETTINGS['mask_threshold']).astype(np.uint8)


def augment(image: np.ndarray, mask: np.ndarray, rng: random.Random):
    """The training pipeline: random keep-ratio resize, random crop, flip, brightness and
    contrast jitter."""
    ratio = rng.uniform(*SETTINGS['ratio_range'])
    scale = tuple(int(s * ratio) for s in SETTINGS['train_scale'])
    size = rescaled_size(*image.shape[:2], scale)
    image, mask = resize_image(image, size), resize_mask(mask, size)
    crop_h, crop_w = (min(c, s) for c, s in zip(SETTINGS['crop_size'], size))
    top, left = rng.randint(0, size[0] - crop_h), rng.randint(0, size[1] - crop_w)
    image = image[top:top + crop_h, left:left + crop_w]
    mask = mask[top:top + crop_h, left:left + crop_w]
    if rng.random() < SETTINGS['flip_prob']:
        image, mask = image[:, ::-1], mask[:, ::-1]
    pixels = image.astype(np.float32)
    if rng.random() < 0.5:
        pixels = pixels + rng.uniform(-32, 32)
    if rng.random() < 0.5:
        pixels = pixels * rng.uniform(0.5, 1.5)
    image = pixels.clip(0, 255).astype(np.uint8)
    return image, mask


def dataset_loss(model: nn.Module, train_data_path) -> float:
    """Mean per-pixel cross-entropy over a folder, at test preprocessing (eval mode)."""
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for image_path, mask_path in find_pairs(train_data_path):
            logits = logits_at_image_size(model, read_rgb(image_path))
            target = torch.from_numpy(read_mask(mask_path)).long()[None]
            total += F.cross_entropy(logits, target, reduction='sum').item()
            count += target.numel()
    return total / count


def train_model(train_data_path, max_iters: Optional[int] = None,
                batch_size: Optional[int] = None, seed: int = 0,
                out_path: Optional[str] = None, device: str = 'cpu') -> nn.Module:
    """Train get_model() from scratch with the config's recipe (Adam, cross-entropy on random
    crops) and return it in eval mode; with `out_path`, also save its state_dict there."""
    max_iters = max_iters or SETTINGS['max_iters']
    batch_size = batch_size or SETTINGS['batch_size']
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    pairs = [(read_rgb(i), read_mask(m)) for i, m in find_pairs(train_data_path)]
    model = get_model().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=SETTINGS['lr'],
                                 weight_decay=SETTINGS['weight_decay'])
    model.train()
    for iteration in range(max_iters):
        samples = [augment(*rng.choice(pairs), rng) for _ in range(batch_size)]
        images, targets = pad_batch([normalise(i) for i, _ in samples],
                                    [torch.from_numpy(m.copy()).long() for _, m in samples])
        loss = F.cross_entropy(model(images.to(device)), targets.to(device),
                               ignore_index=IGNORE)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (iteration + 1) % 50 == 0 or iteration + 1 == max_iters:
            print(f'iteration {iteration + 1}/{max_iters}: loss {loss.item():.4f}')
    model.eval()
    if out_path:
        torch.save(model.state_dict(), out_path)
    return model
