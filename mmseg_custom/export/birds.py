"""The birds checker's files (the bird segmentation assignment): segmentation.py and
segmentation_model.pth.

The checker imports `get_model`, `predict` and `train_model` from segmentation.py in an
environment without MMSegmentation, so the file is self-contained: `birds_template.py` (plain
torch, numpy and PIL) with its SETTINGS block filled in from the config, i.e. the lab U-Net's
hyper-parameters, the data preprocessor's normalisation, the test resize and the training
recipe. The weights are the checkpoint's, as a plain state_dict whose keys are the
segmentor's own (the template's modules mirror LabUNet's and FCNHead's names).
"""
import pprint
import types
from pathlib import Path
from typing import Dict, Union

from mmengine.config import Config

from mmseg_custom.errors import OptionError
from mmseg_custom.file_output import torch_bytes, write_files_together

TEMPLATE = Path(__file__).with_name('birds_template.py')
BEGIN, END = '# --- settings (filled in from the config by the exporter) ---', \
    '# --- end of settings ---'
SUPPORTED_NORMS = (None, 'BN')


def _step(pipeline, name: str):
    return next((step for step in pipeline if step['type'] == name), None)


def birds_settings(cfg: Config) -> Dict:
    """The template's SETTINGS for a config of the lab U-Net (LabUNet + a 1x1 FCNHead).

    Raises OptionError naming what the template cannot reproduce.
    """
    backbone, head = cfg.model['backbone'], cfg.model['decode_head']
    if backbone['type'] != 'LabUNet' or head['type'] != 'FCNHead' or \
            head.get('num_convs', 2) != 0 or head.get('concat_input', True):
        raise OptionError('the birds export reproduces the lab U-Net (backbone LabUNet, '
                          f'FCNHead with num_convs=0); this config has {backbone["type"]} + '
                          f'{head["type"]}: use configs/birds/unet_lab-small.py or '
                          'encdec_lab-small.py')
    norm = (backbone.get('norm_cfg') or {}).get('type')
    if norm not in SUPPORTED_NORMS:
        raise OptionError(f'norm_cfg type {norm!r} is not one of {SUPPORTED_NORMS}')
    if head['in_channels'] != backbone.get('base_channels', 64):
        raise OptionError('decode_head.in_channels must equal backbone.base_channels')
    pre = cfg.model.get('data_preprocessor') or cfg.get('data_preprocessor')
    test_pipeline = cfg.get('test_pipeline') or cfg.test_dataloader.dataset.pipeline
    train_pipeline = cfg.get('train_pipeline') or cfg.train_dataloader.dataset.pipeline
    resize = _step(test_pipeline, 'Resize')
    if resize is not None and not resize.get('keep_ratio', False):
        raise OptionError('the test pipeline\'s Resize must keep the ratio (keep_ratio=True)')
    random_resize = _step(train_pipeline, 'RandomResize') or {}
    crop = _step(train_pipeline, 'RandomCrop') or {}
    flip = _step(train_pipeline, 'RandomFlip') or {}
    annotations = _step(train_pipeline, 'LoadBinaryAnnotations') or {}
    optimizer = cfg.optim_wrapper['optimizer']
    test_divisor = (pre.get('test_cfg') or {}).get('size_divisor') or pre.get('size_divisor')
    return dict(
        in_channels=backbone.get('in_channels', 3),
        base_channels=backbone.get('base_channels', 64),
        num_levels=backbone.get('num_levels', 5),
        upsample=backbone.get('upsample', 'deconv'),
        skip_connections=backbone.get('skip_connections', True),
        batch_norm=norm == 'BN',
        num_classes=head['num_classes'],
        mean=[float(v) for v in pre['mean']], std=[float(v) for v in pre['std']],
        bgr_to_rgb=bool(pre.get('bgr_to_rgb', False)),
        size_divisor=int(test_divisor or 2**(backbone.get('num_levels', 5) - 1)),
        test_scale=tuple(resize['scale']) if resize is not None else None,
        train_scale=tuple(random_resize.get('scale', resize['scale'] if resize else (128, 128))),
        ratio_range=tuple(random_resize.get('ratio_range', (1.0, 1.0))),
        crop_size=tuple(crop.get('crop_size', (96, 96))),
        flip_prob=float(flip.get('prob', 0.0)),
        mask_threshold=int(annotations.get('threshold', 127)),
        lr=float(optimizer['lr']), weight_decay=float(optimizer.get('weight_decay', 0.0)),
        max_iters=int(cfg.train_cfg['max_iters']),
        batch_size=int(cfg.train_dataloader['batch_size']),
    )


def render_segmentation_py(settings: Dict) -> str:
    """The template's source with its SETTINGS block replaced by `settings`."""
    source = TEMPLATE.read_text()
    start, end = source.index(BEGIN), source.index(END)
    block = f'{BEGIN}\nSETTINGS = {pprint.pformat(settings, sort_dicts=False, width=96)}\n'
    return source[:start] + block + source[end:]


def standalone_module(source: str, name: str = 'segmentation') -> types.ModuleType:
    """Execute a rendered segmentation.py as a module (what the checker's import gives)."""
    module = types.ModuleType(name)
    exec(compile(source, f'<{name}.py>', 'exec'), module.__dict__)  # noqa: S102
    return module


def export_birds(config: Union[str, Path], checkpoint: Union[str, Path],
                 out_dir: Union[str, Path]) -> Dict[str, Path]:
    """Write out_dir/segmentation.py and out_dir/segmentation_model.pth, both or neither;
    returns their paths.

    The weights are loaded into the standalone network (strict) before anything is written;
    a model the template cannot express is an OptionError naming the config.
    """
    from mmseg_custom.inference import load_model

    model = load_model(config, checkpoint, 'cpu')
    source = render_segmentation_py(birds_settings(model.cfg))
    state = {key: value.detach().cpu().clone() for key, value in model.state_dict().items()
             if key.startswith(('backbone.', 'decode_head.'))}
    network = standalone_module(source).get_model()
    try:
        network.load_state_dict(state, strict=True)  # raises on any key or shape difference
    except RuntimeError as error:
        raise OptionError(f'the standalone segmentation.py cannot hold the model of {config} '
                          f'({str(error).splitlines()[0]}); it is written for LabUNet configs '
                          'such as configs/birds/unet_lab-small.py') from None
    out_dir = Path(out_dir)
    paths = dict(code=out_dir / 'segmentation.py', weights=out_dir / 'segmentation_model.pth')
    write_files_together([(paths['code'], source.encode()),
                          (paths['weights'], torch_bytes(network.state_dict()))])
    return paths
