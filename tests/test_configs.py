"""Every config in configs/ parses, registers, and builds its model and datasets."""
import ast
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS, MODELS

from conftest import DATA_FIXTURES
from mmseg_custom.config_overrides import propagate_data_root
from mmseg_custom.models.backbones.efficientnet_lite0 import PACKAGE_CHECKPOINT, load_lite0_state

ROOT = Path(__file__).resolve().parents[1]
LEAF_CONFIGS = sorted(p for p in (ROOT / 'configs').rglob('*.py') if '_base_' not in p.parts)


def test_there_are_configs_for_the_logo_challenge():
    names = {p.relative_to(ROOT / 'configs').as_posix() for p in LEAF_CONFIGS}
    assert {'logo/segformer_mit-b2.py', 'logo/segformer_mit-b0.py',
            'logo/unet_mobilenetv2_cpu.py'} <= names


def sibling_bases(path: Path) -> list:
    """The configs of `path`'s own folder that it names in `_base_`."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == '_base_'
                                                for t in node.targets):
            names = ast.literal_eval(node.value)
            names = [names] if isinstance(names, str) else names
            return [(path.parent / n).resolve() for n in names
                    if (path.parent / n).resolve().parent == path.parent.resolve()]
    return []


@pytest.mark.parametrize('path', LEAF_CONFIGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_config_inherits_at_most_one_level_inside_its_folder(path):
    """Recipes, not chains: a config may build on a sibling, never on a sibling's child."""
    for parent in sibling_bases(path):
        assert sibling_bases(parent) == [], \
            f'{path.name} -> {parent.name} -> {sibling_bases(parent)}'


@pytest.mark.parametrize('path', LEAF_CONFIGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_config_builds_model_and_datasets(path, request):
    cfg = Config.fromfile(str(path))
    init_default_scope(cfg.default_scope)
    fixture = DATA_FIXTURES.get(cfg.train_dataloader.dataset.type, 'logo_data')
    cfg.data_root = str(request.getfixturevalue(fixture))
    propagate_data_root(cfg)
    backbone_init = cfg.model.backbone.get('init_cfg') or {}
    offline = backbone_init.get('checkpoint') == PACKAGE_CHECKPOINT
    if backbone_init.get('type') == 'Pretrained' and not offline:
        # the real URL stays in the config; nothing is downloaded here
        assert backbone_init['checkpoint'].startswith('https://')
    model = MODELS.build(cfg.model)
    if offline:  # the one ImageNet file installed with the project: load it for real
        model.init_weights()
        body, _ = load_lite0_state(PACKAGE_CHECKPOINT)
        assert torch.equal(model.backbone.conv_stem.weight, body['conv_stem.weight'])
    model.eval()
    with torch.no_grad():
        logits = model(torch.randn(1, 3, 64, 96), mode='tensor')
    assert logits.shape[:2] == (1, cfg.model.decode_head.num_classes)
    for split in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = DATASETS.build(cfg[split].dataset)
        assert len(dataset) > 0
        sample = dataset[0]
        assert sample['inputs'].shape[0] == 3
