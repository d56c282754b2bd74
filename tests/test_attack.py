"""Adversarial attacks: pixel-space model, FGSM/PGD budgets, goals, the learned attacker,
and tools/attack.py + tools/train_attacker.py end to end."""
import csv
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.dataset import pseudo_collate
from mmseg.registry import MODELS
from PIL import Image

from conftest import ROOT, VOC_TINY_CONFIG, run_tool
from mmseg_custom.attacks.goals import AttackGoal
from mmseg_custom.attacks.gradient import fgsm, pgd
from mmseg_custom.attacks.inputs import goal_from_names, load_image, parse_budget
from mmseg_custom.attacks.learned import (PerturbationGenerator, load_attacker, save_attacker,
                                          train_attacker)
from mmseg_custom.attacks.pixel_model import PixelSpaceSegmentor
from mmseg_custom.attacks.report import psnr
from mmseg_custom.errors import UserError
from mmseg_custom.inference import load_model


@pytest.fixture(scope='module')
def random_model():
    """The tiny VOC model with random weights (bounds do not depend on training)."""
    cfg = Config.fromfile(str(VOC_TINY_CONFIG))
    init_default_scope('mmseg')
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.cfg = cfg
    return model.eval()


@pytest.fixture(scope='module')
def trained(voc_checkpoint, voc_devkit):
    """(pixel-space trained model, val images, their masks)."""
    model = load_model(VOC_TINY_CONFIG, voc_checkpoint)
    ids = (voc_devkit / 'ImageSets/Segmentation/val.txt').read_text().split()
    images = torch.cat([load_image(voc_devkit / 'JPEGImages' / f'{i}.jpg') for i in ids])
    masks = np.stack([np.array(Image.open(voc_devkit / 'SegmentationClass' / f'{i}.png'))
                      for i in ids])
    return PixelSpaceSegmentor(model), images, masks


def mean_iou(pred: np.ndarray, truth: np.ndarray) -> float:
    valid = truth != 255
    classes = np.union1d(np.unique(pred[valid]), np.unique(truth[valid]))
    ious = [((pred == c) & (truth == c) & valid).sum()
            / (((pred == c) | (truth == c)) & valid).sum() for c in classes]
    return float(np.mean(ious))


def test_pixel_space_model_matches_the_segmentors_own_preprocessing(random_model):
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (50, 70, 3), dtype=np.uint8)  # not a multiple of 32
    packed = dict(inputs=torch.from_numpy(image).permute(2, 0, 1).contiguous(),
                  data_samples=None)
    from mmseg.structures import SegDataSample
    sample = SegDataSample(metainfo=dict(ori_shape=(50, 70), img_shape=(50, 70)))
    packed['data_samples'] = sample
    with torch.no_grad():
        reference = random_model.test_step(pseudo_collate([packed]))[0].seg_logits.data
        ours = PixelSpaceSegmentor(random_model)(
            torch.from_numpy(image / 255.0).float().permute(2, 0, 1)[None])[0]
    assert ours.shape == reference.shape == (21, 50, 70)
    assert torch.allclose(ours, reference, atol=1e-4)


def test_the_wrapped_model_is_frozen(random_model):
    before = {k: v.clone() for k, v in random_model.state_dict().items()}
    wrapped = PixelSpaceSegmentor(random_model)
    wrapped.train()
    assert not any(p.requires_grad for p in random_model.parameters())
    assert not random_model.training  # batch-norm statistics stay put
    images = torch.rand(1, 3, 32, 32)
    pgd(wrapped, images, AttackGoal(), 8 / 255, steps=2)
    after = random_model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)


@pytest.mark.parametrize('goal', [AttackGoal(), AttackGoal('appear', 3), AttackGoal('vanish', 0)],
                         ids=['untargeted', 'appear', 'vanish'])
def test_fgsm_and_pgd_stay_within_the_budget_and_the_pixel_range(random_model, goal):
    model = PixelSpaceSegmentor(random_model)
    images = torch.rand(2, 3, 32, 40)
    images[:, :, :5] = 1.0  # saturated pixels: the [0, 1] clamp must bite
    images[:, :, -5:] = 0.0
    for eps in (0.0, 8 / 255, 0.1):
        for delta in (fgsm(model, images, goal, eps), pgd(model, images, goal, eps, steps=3)):
            assert delta.shape == images.shape
            assert delta.abs().max() <= eps + 1e-6
            assert (images + delta).min() >= 0 and (images + delta).max() <= 1
            if eps == 0:
                assert torch.all(delta == 0)
            else:
                assert delta.abs().max() > eps / 2  # the budget is used, not ignored


def test_pgd_with_no_budget_changes_nothing_while_a_real_budget_lowers_the_iou(trained):
    model, images, masks = trained
    clean = model.predict(images).numpy()
    clean_iou = mean_iou(clean, masks)
    background_iou = mean_iou(np.zeros_like(clean), masks)
    assert clean_iou > background_iou  # the model learnt more than the all-background guess
    nothing = pgd(model, images, AttackGoal(), eps=0.0, steps=5)
    assert torch.all(nothing == 0)
    assert np.array_equal(model.predict(images + nothing).numpy(), clean)
    eps = 32 / 255
    delta = pgd(model, images, AttackGoal(), eps=eps, steps=10,
                generator=torch.Generator().manual_seed(0))
    assert delta.abs().max() <= eps + 1e-6
    attacked_iou = mean_iou(model.predict(images + delta).numpy(), masks)
    # controls in the same run rather than a fixed margin: the attack costs more than random
    # noise of the same size, whatever the tiny model's figures on this machine
    noise = (torch.rand(images.shape, generator=torch.Generator().manual_seed(1)) * 2 - 1) * eps
    noisy_iou = mean_iou(model.predict((images + noise).clamp(0, 1)).numpy(), masks)
    print(f'mIoU: clean {clean_iou:.4f}, all-background {background_iou:.4f}, '
          f'PGD 32/255 {attacked_iou:.4f}, noise 32/255 {noisy_iou:.4f}')
    assert attacked_iou < clean_iou
    assert attacked_iou < noisy_iou


def test_targeted_pgd_makes_the_chosen_class_grow(trained):
    """Compared with controls in the same run, not with a fixed margin (the tiny model, so the
    size of the effect, differs between machines): the attack towards class 3 grows class 3
    more than random noise of the same budget does and more than an attack towards class 1."""
    model, images, _ = trained
    eps = 32 / 255

    def share_of_3(x):
        return float((model.predict(x) == 3).float().mean())

    def attacked_towards(target):
        return images + pgd(model, images, AttackGoal('appear', target), eps=eps, steps=10,
                            generator=torch.Generator().manual_seed(0))
    noise = (torch.rand(images.shape, generator=torch.Generator().manual_seed(1)) * 2 - 1) * eps
    before = share_of_3(images)
    towards_3 = share_of_3(attacked_towards(3))
    noisy = share_of_3((images + noise).clamp(0, 1))
    towards_1 = share_of_3(attacked_towards(1))
    print(f'class-3 share: clean {before:.4f}, PGD towards 3 {towards_3:.4f}, '
          f'noise {noisy:.4f}, PGD towards 1 {towards_1:.4f}')
    assert towards_3 > before
    assert towards_3 > noisy
    assert towards_3 > towards_1


def test_goals_define_targets_and_success():
    logits = torch.zeros(1, 4, 1, 3)
    logits[0, 1, 0, :] = 5  # class 1 everywhere ...
    logits[0, 2, 0, 0] = 9  # ... except pixel 0: class 2
    logits[0, 3, 0, 1:] = 4  # runner-up where class 1 wins: class 3
    assert AttackGoal().target_map(logits).tolist() == [[[2, 1, 1]]]
    assert AttackGoal('appear', 3).target_map(logits).tolist() == [[[3, 3, 3]]]
    assert AttackGoal('vanish', 1).target_map(logits).tolist() == [[[2, 3, 3]]]
    clean, attacked = torch.tensor([[1, 1, 0, 0]]), torch.tensor([[2, 1, 2, 2]])
    assert AttackGoal().succeeded(clean, attacked) is True          # 3/4 changed
    assert AttackGoal('appear', 2).succeeded(clean, attacked) is True  # 3/4 are class 2
    assert AttackGoal('vanish', 1).succeeded(clean, attacked) is True  # 1 of 2 gone
    assert AttackGoal('vanish', 1, 0.6).succeeded(clean, attacked) is False
    assert AttackGoal('vanish', 3).succeeded(clean, attacked) is None  # nothing to remove
    with pytest.raises(UserError, match='target class'):
        AttackGoal('appear')
    with pytest.raises(UserError, match='unknown class .*aeroplane'):
        goal_from_names(('background', 'aeroplane'), 'plane', 'appear')


def test_budgets_are_read_as_fractions():
    assert parse_budget('8/255') == pytest.approx(8 / 255)
    assert parse_budget('0') == 0.0 and parse_budget('0.03') == 0.03
    for bad in ('8//255', '2', 'x'):
        with pytest.raises(UserError):
            parse_budget(bad)
    assert psnr(np.zeros(3)) == float('inf')
    assert psnr(np.full(4, 0.1)) == pytest.approx(20.0)


def test_learned_attacker_is_bounded_and_reloads_identically(random_model, tmp_path):
    model = PixelSpaceSegmentor(random_model)
    images = [torch.rand(1, 3, 30, 42), torch.ones(1, 3, 32, 32)]
    eps = 4 / 255
    generator = train_attacker(model, images, AttackGoal('appear', 2), eps=eps, epochs=2)
    for image in images + [torch.zeros(1, 3, 17, 23)]:
        delta = generator(image)
        assert delta.shape == image.shape
        assert delta.abs().max() <= eps + 1e-6
        assert (image + delta).min() >= 0 and (image + delta).max() <= 1
    save_attacker(generator, AttackGoal('appear', 2), tmp_path / 'a.pth')
    loaded, goal = load_attacker(tmp_path / 'a.pth')
    assert goal == AttackGoal('appear', 2) and loaded.eps == eps
    assert torch.equal(loaded(images[0]), generator(images[0]))


def test_learned_attacker_learns_to_fool_the_trained_model(trained):
    model, images, _ = trained
    goal, eps = AttackGoal(), 32 / 255
    batch = [images[i:i + 1] for i in range(2)]
    untrained = train_attacker(model, batch, goal, eps=eps, epochs=0)
    learnt = train_attacker(model, batch, goal, eps=eps, epochs=5, lr=3e-3, norm_weight=0.01)

    def loss_of(generator):
        with torch.no_grad():
            return sum(goal.loss(model(x + generator(x)), goal.target_map(model(x))).item()
                       for x in batch)
    print(f'goal loss: untrained {loss_of(untrained):.4f}, trained {loss_of(learnt):.4f}')
    assert loss_of(learnt) < loss_of(untrained)  # the goal's loss went down


def test_attack_tool_writes_pictures_and_a_summary(voc_checkpoint, voc_devkit, tmp_path):
    images = tmp_path / 'images'
    images.mkdir()
    ids = (voc_devkit / 'ImageSets/Segmentation/val.txt').read_text().split()[:2]
    for i in ids:
        (images / f'{i}.jpg').write_bytes((voc_devkit / 'JPEGImages' / f'{i}.jpg').read_bytes())
    out = tmp_path / 'out'
    result = run_tool(ROOT / 'tools' / 'attack.py', VOC_TINY_CONFIG, voc_checkpoint, images,
                      '--out', out, '--method', 'pgd', '--eps', '16/255', '--steps', '2',
                      '--target-class', 'bicycle', '--mask-dir',
                      voc_devkit / 'SegmentationClass', '--save-perturbed')
    assert 'success_rate' in result.stdout
    summary = json.loads((out / 'summary.json').read_text())
    assert summary['images'] == 2 and summary['goal'] == 'appear'
    assert summary['target_class'] == 'bicycle' and summary['reference'] == 'ground truth'
    assert 0 <= summary['success_rate'] <= 1
    assert summary['max_linf_255'] <= 16 + 1e-3 and summary['mean_psnr_db'] > 20
    rows = list(csv.DictReader((out / 'per_image.csv').open()))
    assert [r['name'] for r in rows] == [f'{i}.jpg' for i in ids]
    for i in ids:
        picture = cv2.imread(str(out / f'{i}.png'))
        assert picture.shape == (64 + 18, 5 * 80 + 4 * 4, 3)  # five titled panels
        original = cv2.imread(str(images / f'{i}.jpg')).astype(int)
        perturbed = cv2.imread(str(out / 'perturbed' / f'{i}.png')).astype(int)
        assert np.abs(perturbed - original).max() <= 16  # the bound holds in the saved file
    bad = run_tool(ROOT / 'tools' / 'attack.py', VOC_TINY_CONFIG, voc_checkpoint, images,
                   '--out', out, '--target-class', 'plane', check=False)
    assert bad.returncode != 0 and 'unknown class' in bad.stderr and 'aeroplane' in bad.stderr


def test_train_attacker_tool_then_learned_attack(voc_checkpoint, voc_devkit, tmp_path):
    images = tmp_path / 'images'
    images.mkdir()
    for i in (voc_devkit / 'ImageSets/Segmentation/val.txt').read_text().split()[:2]:
        (images / f'{i}.jpg').write_bytes((voc_devkit / 'JPEGImages' / f'{i}.jpg').read_bytes())
    attacker = tmp_path / 'attacker.pth'
    run_tool(ROOT / 'tools' / 'train_attacker.py', VOC_TINY_CONFIG, voc_checkpoint, images,
             '--out', attacker, '--eps', '8/255', '--target-class', 'bird', '--goal', 'vanish',
             '--epochs', '1')
    out = tmp_path / 'out'
    run_tool(ROOT / 'tools' / 'attack.py', VOC_TINY_CONFIG, voc_checkpoint, images, '--out',
             out, '--method', 'learned', '--attacker', attacker)
    summary = json.loads((out / 'summary.json').read_text())
    assert (summary['method'], summary['goal'], summary['target_class']) == \
        ('learned', 'vanish', 'bird')
    assert summary['max_linf_255'] <= 8 + 1e-3 and summary['images'] == 2
    assert len(list(out.glob('*.png'))) == 2


def test_attack_tools_refuse_what_is_not_an_attacker_or_a_count(voc_checkpoint, voc_devkit,
                                                                  tmp_path):
    """A segmentor's checkpoint given as the attacker was a 20-line torch traceback; zero
    epochs wrote an untrained attacker with exit 0. Each is now one line, nothing written."""
    images = voc_devkit / 'JPEGImages'
    out = tmp_path / 'out'
    wrong = run_tool(ROOT / 'tools' / 'attack.py', VOC_TINY_CONFIG, voc_checkpoint, images,
                     '--out', out, '--method', 'learned', '--attacker', voc_checkpoint,
                     check=False)
    assert wrong.returncode == 1 and 'Traceback' not in wrong.stderr
    assert f'{voc_checkpoint} is not an attacker file' in wrong.stderr
    for tool, option in (('train_attacker.py', '--epochs'), ('attack.py', '--steps')):
        zero = run_tool(ROOT / 'tools' / tool, VOC_TINY_CONFIG, voc_checkpoint, images,
                        '--out', out / 'a.pth', option, '0', check=False)
        assert zero.returncode == 2 and f'{option}: must be at least 1, got 0' in zero.stderr
    assert not out.exists()


def test_a_saved_attacker_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    generator = PerturbationGenerator(8 / 255)

    def interrupted(obj, target):  # torch.save into memory (or a file) stopped half way
        if hasattr(target, 'write'):
            target.write(b'half a file')
        else:
            Path(target).write_bytes(b'half a file')
        raise KeyboardInterrupt
    monkeypatch.setattr(torch, 'save', interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_attacker(generator, AttackGoal('appear', 2), tmp_path / 'attacker.pth')
    assert list(tmp_path.iterdir()) == []
