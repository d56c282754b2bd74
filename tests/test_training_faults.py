"""tools/train.py under the faults of a long training: kills (`kill -9` at a checkpoint save
and during a validation), a missing `last_checkpoint`, two trainings into one work dir,
another config at `--resume`, a full disk, a work dir moved mid-run, a killed data loader
worker. Runs use the tiny recipe of fault_injection.py, whose data path has a space."""
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest
import torch

from conftest import CPU_CONFIG, ROOT, call_tool
from fault_injection import fault_config
from mmseg_custom.checkpoint_loading import read_checkpoint
from mmseg_custom.work_dir_lock import hold_work_dir

TRAIN = ROOT / 'tools' / 'train.py'
TESTS = ROOT / 'tests'


@pytest.fixture(scope='module')
def spaced_data(logo_data, tmp_path_factory):
    """The tiny logo data under a path with a space and a non-ASCII letter."""
    root = tmp_path_factory.mktemp('fault data') / 'logo données'
    for split in ('train', 'val'):
        shutil.copytree(logo_data / split, root / split)
    return root


@pytest.fixture(scope='module')
def config(tmp_path_factory):
    return fault_config(tmp_path_factory.mktemp('configs'))


def options(data_root, *extra):
    return ['--cfg-options', f'data_root={data_root}', *extra]


def train_in_process(capsys, config, work_dir, data_root, *extra, resume=False, check=True):
    return call_tool(capsys, TRAIN, config, '--work-dir', work_dir,
                     *(['--resume'] if resume else []), *options(data_root, *extra), check=check)


def train_killed(config, work_dir, data_root, fault):
    """tools/train.py in a subprocess that SIGKILLs itself at `fault` (fault_injection.py)."""
    paths = [str(TESTS), str(ROOT), os.environ.get('PYTHONPATH', '')]
    env = dict(os.environ, FAULT_AT=fault, OMP_NUM_THREADS='1',
               PYTHONPATH=os.pathsep.join(paths))
    result = subprocess.run([sys.executable, str(TRAIN), str(config), '--work-dir', str(work_dir),
                             *options(data_root)], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    assert result.returncode == -signal.SIGKILL, result.stderr[-3000:]


def train_iterations(work_dir):
    """Every training iteration logged in the work dir's runs, in order."""
    steps = []
    for scalars in sorted(work_dir.glob('*/vis_data/scalars.json')):
        steps += [json.loads(line)['step'] for line in scalars.read_text().splitlines()
                  if 'loss' in json.loads(line)]
    return steps


def validated_iterations(work_dir):
    steps = []
    for scalars in sorted(work_dir.glob('*/vis_data/scalars.json')):
        steps += [json.loads(line)['step'] for line in scalars.read_text().splitlines()
                  if 'image_iou' in json.loads(line)]
    return steps


@pytest.fixture(scope='module')
def tiny_run(config, spaced_data, tmp_path_factory):
    """A finished 4-iteration run of the tiny recipe (iter_4.pth; validated at 2 and 4)."""
    from conftest import load_tool
    work_dir = tmp_path_factory.mktemp('tiny run')
    load_tool(TRAIN).main([str(config), '--work-dir', str(work_dir),
                           *options(spaced_data)])
    assert (work_dir / 'iter_4.pth').is_file()
    return work_dir


def copy_of(run, tmp_path):
    target = tmp_path / 'copy of run'
    shutil.copytree(run, target)
    return target


# --- --resume without last_checkpoint ---------------------------------------------------------

def test_resume_without_last_checkpoint_goes_on_from_the_newest_whole_checkpoint(
        tiny_run, config, spaced_data, tmp_path, capsys):
    work_dir = copy_of(tiny_run, tmp_path)
    (work_dir / 'last_checkpoint').unlink()
    whole = (work_dir / 'iter_4.pth').read_bytes()
    (work_dir / 'iter_6.pth').write_bytes(whole[:len(whole) // 3])  # what a cut save leaves
    result = train_in_process(capsys, config, work_dir, spaced_data, 'train_cfg.max_iters=5',
                              resume=True)
    assert 'resuming from its newest whole checkpoint, iter_4.pth (iter_6.pth not whole, ' \
        'skipped)' in result.stdout
    assert train_iterations(work_dir) == [1, 2, 3, 4, 5]
    assert read_checkpoint(work_dir / 'iter_5.pth')['meta']['iter'] == 5


def test_resume_where_no_checkpoint_loads_is_one_line_and_writes_nothing(
        tiny_run, config, spaced_data, tmp_path, capsys):
    work_dir = copy_of(tiny_run, tmp_path)
    (work_dir / 'last_checkpoint').unlink()
    whole = (work_dir / 'iter_4.pth').read_bytes()
    (work_dir / 'iter_4.pth').write_bytes(whole[:100])
    before = sorted(p.name for p in work_dir.iterdir())
    result = train_in_process(capsys, config, work_dir, spaced_data, resume=True, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(
        f'error: {work_dir} holds checkpoints but none loads ({work_dir / "iter_4.pth"} is not '
        f'a PyTorch checkpoint')
    assert sorted(p.name for p in work_dir.iterdir()) == before
    assert (work_dir / 'iter_4.pth').read_bytes() == whole[:100]


def test_a_fresh_training_over_checkpoints_says_it_replaces_them(tiny_run, config, spaced_data,
                                                                  tmp_path, capsys):
    work_dir = copy_of(tiny_run, tmp_path)
    result = train_in_process(capsys, config, work_dir, spaced_data, 'train_cfg.max_iters=1')
    assert f'note: {work_dir} holds checkpoints of an earlier run; this one starts afresh and ' \
        'replaces them (--resume would continue it)' in result.stdout


# --- one training per work dir -----------------------------------------------------------------

HOLDER = ('import sys, time\n'
          'from mmseg_custom.work_dir_lock import hold_work_dir\n'
          'with hold_work_dir(sys.argv[1]):\n'
          '    print("held", flush=True)\n'
          '    time.sleep(120)\n')


def test_a_second_training_into_a_held_work_dir_is_refused_naming_the_holder(
        config, spaced_data, tmp_path, capsys):
    work_dir = tmp_path / 'shared run'
    holder = subprocess.Popen([sys.executable, '-c', HOLDER, str(work_dir), '--as-a-trainer'],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == 'held'
        result = train_in_process(capsys, config, work_dir, spaced_data, check=False)
        assert result.returncode == 1
        assert f'{work_dir} is in use by process {holder.pid} (' in result.stderr
        assert '--as-a-trainer' in result.stderr  # the holder's command line
        assert not list(work_dir.glob('*.pth'))
    finally:
        holder.kill()
        holder.wait()
    # the dead holder's lock file stays, and holds nothing
    assert f'{holder.pid}\n' in (work_dir / 'train.lock').read_text()
    with hold_work_dir(work_dir):
        assert f'{os.getpid()}\n' in (work_dir / 'train.lock').read_text()


def test_a_work_dir_on_a_disk_without_locks_is_trained_into_with_a_note(tmp_path, monkeypatch,
                                                                         capsys):
    import errno
    import fcntl

    def no_locks(descriptor, operation):
        raise OSError(errno.ENOLCK, 'No locks available')
    monkeypatch.setattr(fcntl, 'flock', no_locks)
    with hold_work_dir(tmp_path / 'nfs run') as lock_file:
        assert lock_file.read_text().startswith(f'{os.getpid()}\n')
    assert 'cannot be locked (No locks available): a second training into it would not be ' \
        'refused' in capsys.readouterr().err


# --- kill -9 during a checkpoint save ------------------------------------------------------------

def test_a_kill_while_a_checkpoint_is_written_keeps_the_previous_one(
        config, spaced_data, tmp_path, capsys):
    """max_keep_ckpts=1: mmengine deleted iter_2.pth before writing iter_4.pth."""
    work_dir = tmp_path / 'killed at save'
    train_killed(config, work_dir, spaced_data, 'save:4')
    assert read_checkpoint(work_dir / 'iter_2.pth')['meta']['iter'] == 2
    assert not (work_dir / 'iter_4.pth').exists()
    assert list(work_dir.glob('.partial-*'))  # the half-written file, under a temporary name
    train_in_process(capsys, config, work_dir, spaced_data, resume=True)
    assert read_checkpoint(work_dir / 'iter_4.pth')['meta']['iter'] == 4
    assert not (work_dir / 'iter_2.pth').exists()
    assert not list(work_dir.glob('.partial-*'))
    assert train_iterations(work_dir) == [1, 2, 3, 4, 3, 4]  # 3 and 4 again, from iter_2.pth


# --- kill -9 during a validation -----------------------------------------------------------------

def test_a_validation_cut_short_runs_again_at_resume(config, spaced_data, tmp_path, capsys):
    """The kill comes during the last validation: --resume used to end at once, unscored."""
    work_dir = tmp_path / 'killed in validation'
    train_killed(config, work_dir, spaced_data, 'validation:4')
    assert validated_iterations(work_dir) == [2]
    train_in_process(capsys, config, work_dir, spaced_data, resume=True)
    assert validated_iterations(work_dir) == [2, 4]
    assert json.loads((work_dir / 'last_validation.json').read_text())['iter'] == 4
    # a finished validation is not run again
    train_in_process(capsys, config, work_dir, spaced_data, resume=True)
    assert validated_iterations(work_dir) == [2, 4]


# --- another config at --resume ------------------------------------------------------------------

def test_resume_with_another_config_names_the_config_of_the_work_dir(
        tiny_run, config, spaced_data, tmp_path, capsys):
    work_dir = copy_of(tiny_run, tmp_path)
    result = call_tool(capsys, TRAIN, CPU_CONFIG, '--work-dir', work_dir, '--resume',
                       *options(spaced_data), check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f'error: {work_dir} holds a run of the config {config.name}, not '
        f'{CPU_CONFIG.name}: resume with {config.name}, or give this config another --work-dir')
    assert not list(work_dir.glob('iter_5.pth'))


def test_resume_with_a_changed_model_under_the_same_name_is_one_line(
        tiny_run, spaced_data, tmp_path, capsys):
    work_dir = copy_of(tiny_run, tmp_path)
    (tmp_path / 'edited').mkdir()
    changed = tmp_path / 'edited' / 'tiny_faults.py'
    changed.write_text(f'_base_ = [{str(CPU_CONFIG)!r}]\n')  # the full-width network
    result = call_tool(capsys, TRAIN, changed, '--work-dir', work_dir, '--resume',
                       *options(spaced_data), check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(
        f'error: {work_dir} holds a run of tiny_faults.py whose model differs from that of '
        f'{changed} (')


# --- a full disk -------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs: room for the logs, not for a checkpoint."""
    mount_point = tmp_path / 'small disk'
    mount_point.mkdir()
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f'mounting a tmpfs is not permitted here (needs root): '
                    f'{mounted.stderr.strip()}')
    yield mount_point
    subprocess.run(['umount', '-l', str(mount_point)], check=False)


def test_a_full_disk_is_one_line_naming_the_checkpoint(config, spaced_data, small_disk, capsys):
    work_dir = small_disk / 'run'
    result = train_in_process(capsys, config, work_dir, spaced_data, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f'error: cannot write {work_dir / "iter_2.pth"}: no space left on the device; free '
        f'space (or give '
        f'another --work-dir), then continue with --resume (the checkpoints written so far '
        f'are whole)')
    assert not list(work_dir.glob('*.pth')) and not list(work_dir.glob('.partial-*'))


# --- a work dir moved during the run, a killed data loader worker --------------------------------

def test_a_work_dir_moved_during_training_stops_it_naming_where_it_went(
        config, spaced_data, tmp_path, monkeypatch, capsys):
    work_dir = tmp_path / 'run'
    monkeypatch.setenv('FAULT_AT', 'move:3')  # renames it to "<work_dir> moved"
    result = train_in_process(capsys, config, work_dir, spaced_data, check=False)
    moved = tmp_path / 'run moved'
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f'error: the work dir {work_dir} was moved during training to {moved}; its '
        f'checkpoints are there: continue with --work-dir "{moved}" --resume')
    assert not work_dir.exists()  # not recreated by a later write
    monkeypatch.delenv('FAULT_AT')
    train_in_process(capsys, config, moved, spaced_data, resume=True)
    assert read_checkpoint(moved / 'iter_4.pth')['meta']['iter'] == 4
    assert train_iterations(moved) == [1, 2, 3, 4]  # iteration 3's log stopped at the move


def test_a_killed_data_loader_worker_is_one_line(config, spaced_data, tmp_path, monkeypatch,
                                                 capsys):
    monkeypatch.setenv('FAULT_AT', 'worker:2')
    result = train_in_process(capsys, config, tmp_path / 'run', spaced_data,
                              'train_dataloader.num_workers=1',
                              'train_dataloader.persistent_workers=True', check=False)
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith('error: a data loader worker (pid ')
    assert 'lower train_dataloader.num_workers or batch_size' in line


def test_a_checkpoint_names_its_config_file(tiny_run, config):
    checkpoint = torch.load(tiny_run / 'iter_4.pth', weights_only=False)
    assert checkpoint['meta']['config_file'] == config.name


# --- paths with spaces ---------------------------------------------------------------------------

def test_cfg_options_keep_the_spaces_and_commas_of_a_path():
    """mmengine deleted every space of a --cfg-options value (and split it at commas)."""
    from conftest import load_tool
    args = load_tool(TRAIN).parse_args([
        str(CPU_CONFIG), '--cfg-options', 'data_root=/data/my logos', 'load_from="/w/a,b.pth"',
        'train_cfg.max_iters=5', 'model.backbone.out_indices=0,1'])
    assert args.cfg_options == {'data_root': '/data/my logos', 'load_from': '/w/a,b.pth',
                                'train_cfg.max_iters': 5, 'model.backbone.out_indices': [0, 1]}


# --- memory and disk faults, as worded ----------------------------------------------------------

@pytest.mark.parametrize('error, words', [
    (RuntimeError('DataLoader worker (pid 4242) is killed by signal: Killed. '),
     'a data loader worker (pid 4242) is killed by signal: Killed (the kernel ends one most '
     'often for want of memory)'),
    (RuntimeError('[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: '
                  "can't allocate memory: you tried to allocate 123 bytes."),
     'out of memory ([enforce fail at alloc_cpu.cpp:117]'),
    (OSError(30, 'Read-only file system', '/runs/a/vis_data/scalars.json'),
     '/runs/a/vis_data/scalars.json: Read-only file system; give a --work-dir on a writable '
     'disk'),
    (OSError(28, 'No space left on device'), '/runs/a: No space left on device'),
])
def test_training_faults_are_worded_for_the_user(error, words):
    from mmseg_custom.runner import TrainingFaultError, training_faults
    with pytest.raises(TrainingFaultError) as caught:
        with training_faults('/runs/a'):
            raise error
    assert str(caught.value).startswith(words)
    assert str(caught.value).endswith('then continue with --resume (the checkpoints written so '
                                      'far are whole)')


def test_other_errors_keep_their_traceback():
    from mmseg_custom.runner import training_faults
    with pytest.raises(RuntimeError, match='a bug'):
        with training_faults('/runs/a'):
            raise RuntimeError('a bug')
    with pytest.raises(FileNotFoundError):
        with training_faults('/runs/a'):
            raise FileNotFoundError(2, 'No such file or directory', '/x')


@pytest.mark.parametrize('hooks, expected', [
    (None, dict(type='SafeCheckpointHook', interval=1)),  # mmengine's default hook, made safe
    (dict(checkpoint=dict(type='CheckpointHook', interval=5, max_keep_ckpts=1)),
     dict(type='SafeCheckpointHook', interval=5, max_keep_ckpts=1)),
    (dict(checkpoint=None), None),  # no checkpoints asked for
])
def test_every_checkpoint_hook_becomes_the_safe_one(hooks, expected):
    from mmengine.config import Config
    from mmseg_custom.runner import _use_safe_checkpoint_hook
    cfg = Config(dict(default_hooks=hooks) if hooks is not None else {})
    _use_safe_checkpoint_hook(cfg)
    assert cfg.default_hooks.checkpoint == expected
