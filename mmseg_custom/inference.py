"""The one inference path shared by infer.py, the exporters, the benchmarks and the Python API.

Images are decoded and run through the config's test pipeline ahead of the network (in a
reader thread, or in DataLoader worker processes) while the model predicts the previous batch;
equal-sized images are batched, padded once by the data preprocessor
(`test_cfg=dict(size_divisor=...)`) and cropped back after the forward pass.
"""
import warnings
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Union

import torch
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate
from mmengine.model import BaseTTAModel
from mmseg.apis import init_model
from mmseg.registry import DATASETS, MODELS
from mmseg.structures import SegDataSample
from torch.utils.data import DataLoader, Dataset

import mmseg_custom  # noqa: F401  (registers the project's modules and checkpoint loader)
from mmseg_custom.checkpoint_loading import (CheckpointError, read_checkpoint,
                                             require_fitting_weights, weights_of)
from mmseg_custom.config_overrides import read_config
from mmseg_custom.errors import OptionError
from mmseg_custom.image_io import UnreadableImageError, read_bgr_uint8
from mmseg_custom.models.lean_predict import predict_batch

_ANNOTATION_LOADERS = ('LoadAnnotations', 'LoadBinaryAnnotations', 'LoadFaceAnnotations',
                       'LoadNpyAnnotations')
# file loaders that inference replaces by LoadImageFromNDArray (it decodes the images itself)
_IMAGE_LOADERS = ('LoadImageFromFile', 'LoadNpyImageFromFile')


def config_from_checkpoint(checkpoint: Union[str, Path, dict],
                           name: Optional[Union[str, Path]] = None) -> Config:
    """Rebuild the training config stored in a checkpoint's meta by mmengine's Runner
    (`checkpoint` is a path or an already read checkpoint dict named `name`)."""
    loaded = read_checkpoint(checkpoint) if not isinstance(checkpoint, dict) else checkpoint
    meta = loaded.get('meta') or {}
    if 'cfg' not in meta:
        raise CheckpointError(f'checkpoint {name or checkpoint} carries no config in its meta; '
                              'pass the config file with --config')
    return Config.fromstring(meta['cfg'], file_format='.py')


def resolve_device(device: str) -> str:
    """`device` if torch can use it here, else an OptionError in one line (no CUDA, bad name)."""
    try:
        parsed = torch.device(device)
    except (RuntimeError, TypeError):
        raise OptionError(f'unknown device {device!r}; use cpu, cuda or cuda:N') from None
    if parsed.type == 'cuda':
        if not torch.cuda.is_available():
            raise OptionError(f'--device {device}: CUDA is not available on this machine '
                              '(no GPU, or torch built without CUDA); use --device cpu')
        if parsed.index is not None and parsed.index >= torch.cuda.device_count():
            raise OptionError(f'--device {device}: this machine has only '
                              f'{torch.cuda.device_count()} GPU(s)')
    elif parsed.type != 'cpu':
        raise OptionError(f'unsupported device {device!r}; use cpu, cuda or cuda:N')
    return device


def dataset_meta_of(checkpoint: dict, config: Config) -> dict:
    """Classes and palette: the checkpoint's own, else those of the config's dataset class."""
    meta = checkpoint.get('meta') or {}
    if 'dataset_meta' in meta:
        return meta['dataset_meta']
    if 'CLASSES' in meta:
        return dict(classes=meta['CLASSES'], palette=meta.get('PALETTE'))
    for split in ('test_dataloader', 'val_dataloader', 'train_dataloader'):
        dataset = (config.get(split) or {}).get('dataset')
        while isinstance(dataset, dict) and 'dataset' in dataset:
            dataset = dataset['dataset']
        if isinstance(dataset, dict) and 'type' in dataset:
            metainfo = DATASETS.get(dataset['type']).METAINFO
            return dict(classes=metainfo['classes'], palette=metainfo.get('palette'))
    raise CheckpointError('the checkpoint carries no class names (meta.dataset_meta) and the '
                          'config names no dataset; publish it with tools/publish_checkpoint.py')


def load_model(config: Optional[Union[str, Path, Config]], checkpoint: Union[str, Path],
               device: str = 'cpu') -> torch.nn.Module:
    """A segmentor in eval mode with weights, classes and palette from the checkpoint.

    Without `config`, the config saved inside the checkpoint is used. A file that is not a
    checkpoint, or weights that do not fit the config's model exactly, are a CheckpointError
    naming both files; an unusable device is an OptionError.
    """
    device = resolve_device(device)
    checkpoint = Path(checkpoint)
    loaded = read_checkpoint(checkpoint)
    if config is None:
        config_name = f'the config inside {checkpoint}'
        config = config_from_checkpoint(loaded, checkpoint)
    else:
        config_name = config.filename if isinstance(config, Config) else config
        config = config if isinstance(config, Config) else read_config(config)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        model = init_model(config, None, device='cpu')
    weights = weights_of(loaded)
    require_fitting_weights(model, weights, config_name, checkpoint)
    model.load_state_dict(weights, strict=True)
    model.dataset_meta = dataset_meta_of(loaded, config)
    model.to(device)
    model.eval()
    return model


def drop_annotation_loaders(steps: Sequence[dict]) -> List[dict]:
    """Copies of the pipeline steps, without those that read ground truth (none at inference).

    Inside a `TestTimeAug` step the loaders are dropped from its lists of alternatives too.
    """
    kept = [dict(step) for step in steps if step['type'] not in _ANNOTATION_LOADERS]
    for step in kept:
        if step['type'] == 'TestTimeAug':
            choices = [drop_annotation_loaders(options) for options in step['transforms']]
            step['transforms'] = [options for options in choices if options]
    return kept


def build_test_pipeline(cfg: Config, tta: bool = False) -> Compose:
    """The config's test pipeline (or, with `tta`, its `tta_pipeline`), fed from arrays and
    without ground-truth loading."""
    if tta:
        if cfg.get('tta_pipeline') is None:
            raise OptionError('the config has no tta_pipeline, so --tta cannot be used with it')
        steps = cfg.tta_pipeline
    else:
        steps = cfg.get('test_pipeline') or cfg.test_dataloader.dataset.pipeline
    steps = drop_annotation_loaders(steps)
    if steps and steps[0]['type'] in _IMAGE_LOADERS:
        steps[0] = dict(type='LoadImageFromNDArray')
    return Compose(steps)


def wrap_for_tta(model: torch.nn.Module) -> torch.nn.Module:
    """The config's `tta_model` (e.g. a flip TTA that swaps left/right classes) around `model`.

    The wrapper keeps the model's `cfg` and `dataset_meta`, and `predict_files` feeds it the
    config's `tta_pipeline`.
    """
    cfg = model.cfg
    if cfg.get('tta_model') is None or cfg.get('tta_pipeline') is None:
        raise OptionError('the config defines no tta_model and tta_pipeline, so --tta cannot '
                          'be used with it')
    tta_model = MODELS.build(dict(cfg.tta_model, module=model))
    tta_model.cfg, tta_model.dataset_meta = cfg, model.dataset_meta
    tta_model.eval()
    return tta_model


@dataclass
class Failure:
    """An input that could not be read, with the reason."""
    path: Path
    reason: str


class _ImageFiles(Dataset):
    """Decodes images and applies the test pipeline; unreadable files become `Failure`s."""

    def __init__(self, paths: Sequence[Path], pipeline: Compose) -> None:
        self.paths, self.pipeline = list(paths), pipeline

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int):
        path = self.paths[index]
        try:
            image = read_bgr_uint8(path)
        except UnreadableImageError as error:
            return Failure(path, str(error))
        packed = self.pipeline(dict(img=image, img_path=str(path)))
        samples = packed['data_samples']
        for sample in samples if isinstance(samples, list) else [samples]:  # a list under TTA
            sample.set_metainfo(dict(img_path=str(path)))
        return packed


def _identity(item):
    return item


def read_ahead(dataset: Dataset, depth: int = 4) -> Iterator:
    """The dataset's items in order, read by one thread up to `depth` items ahead.

    Decoding (OpenCV) and the pipeline's array copies release the GIL, so they run on the
    cores the network leaves idle (between its layers, or a core it does not use)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix='image-reader')
    try:
        pending = deque(pool.submit(dataset.__getitem__, index)
                        for index in range(min(depth, len(dataset))))
        for index in range(len(pending), len(dataset) + len(pending)):
            item = pending.popleft().result()
            if index < len(dataset):
                pending.append(pool.submit(dataset.__getitem__, index))
            yield item
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def predict_files(model: torch.nn.Module, paths: Sequence[Path], batch_size: int = 8,
                  num_workers: int = 2) -> Iterator[Union[SegDataSample, Failure]]:
    """Yield, for every path, its prediction (a SegDataSample at the image's own size, with
    `pred_sem_seg`, `seg_logits` and `img_path`) or a `Failure`.

    `num_workers` processes decode the images; with 0, one thread of this process does.
    MMSegmentation's preprocessor only stacks equal-sized images at test time, so images are
    grouped by size into batches; results may therefore come out of input order.
    A model wrapped by `wrap_for_tta` gets the config's TTA pipeline; its predictions carry
    `pred_sem_seg` and `img_path`, and with `MeanProbabilityTTAModel` the views' mean
    probabilities as `seg_logits`.
    """
    tta = isinstance(model, BaseTTAModel)
    files = _ImageFiles(paths, build_test_pipeline(model.cfg, tta))
    if num_workers == 0:
        items = read_ahead(files)
    else:
        items = DataLoader(files, batch_size=None, num_workers=num_workers,
                           collate_fn=_identity, shuffle=False)
    buckets: Dict[tuple, List[dict]] = defaultdict(list)
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        inputs = item['inputs']
        bucket = buckets[tuple(inputs[0].shape if tta else inputs.shape)]
        bucket.append(item)
        if len(bucket) == batch_size:
            yield from _predict_batch(model, bucket)
            bucket.clear()
    for bucket in buckets.values():
        if bucket:
            yield from _predict_batch(model, bucket)


def _predict_batch(model: torch.nn.Module, items: List[dict]) -> List[SegDataSample]:
    """One forward pass in inference mode; the mode ends before the caller sees the results
    (a generator yielding inside it would leave the caller's own code in it too)."""
    with torch.inference_mode():
        if isinstance(model, BaseTTAModel):
            return model.test_step(pseudo_collate(items))
        return predict_batch(model, pseudo_collate(items))


def foreground_probabilities(sample: SegDataSample) -> torch.Tensor:
    """(H, W) foreground probability of a binary model's prediction.

    With two output channels it is channel 1 of their softmax; with one, the segmentor has
    already applied the sigmoid.
    """
    scores = sample.seg_logits.data.float()
    return scores[0] if scores.shape[0] == 1 else scores.softmax(dim=0)[1]
