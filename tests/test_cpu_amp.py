"""bfloat16 mixed precision on CPUs: the optimizer wrapper and train.py --amp."""
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS, OPTIM_WRAPPERS

from conftest import CPU_CONFIG, ROOT, run_tool, tiny_train_options
from mmseg_custom.engine import CpuBf16OptimWrapper


def build_model():
    cfg = Config.fromfile(str(CPU_CONFIG))
    init_default_scope('mmseg')
    return MODELS.build(cfg.model)


def test_forward_runs_in_bfloat16_and_the_weights_stay_float32():
    model = build_model()
    wrapper = OPTIM_WRAPPERS.build(dict(
        type='CpuBf16OptimWrapper', optimizer=torch.optim.SGD(model.parameters(), lr=0.1)))
    assert isinstance(wrapper, CpuBf16OptimWrapper)
    conv = model.backbone.conv1.conv
    image = torch.randn(2, 3, 64, 64)
    with wrapper.optim_context(model):
        assert conv(image).dtype == torch.bfloat16
    assert conv(image).dtype == torch.float32
    before = conv.weight.detach().clone()
    with wrapper.optim_context(model):
        loss = model(image, mode='tensor').float().square().mean()
    wrapper.update_params(loss)
    assert conv.weight.dtype == torch.float32
    assert not torch.equal(before, conv.weight)


def test_train_amp_on_a_cpu_uses_bfloat16_autocast(logo_data, tmp_path):
    work_dir = tmp_path / 'amp'
    run_tool(ROOT / 'tools' / 'train.py', CPU_CONFIG, '--work-dir', work_dir, '--amp',
             *tiny_train_options(logo_data))
    checkpoint = torch.load(work_dir / 'iter_2.pth', weights_only=False)
    assert "type='CpuBf16OptimWrapper'" in checkpoint['meta']['cfg']
    losses = [line for line in
              '\n'.join(p.read_text() for p in work_dir.rglob('*.log')).splitlines()
              if 'Iter(train)' in line]
    assert len(losses) == 2 and 'nan' not in ' '.join(losses)
