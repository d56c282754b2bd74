"""One kind of user error: ours and the OS's path errors end a tool in one line, a bug keeps
its traceback."""
import errno
import importlib
import inspect
import pkgutil
import subprocess
import sys
import textwrap

import pytest
import torch

import mmseg_custom
from mmseg_custom.cli import user_errors
from mmseg_custom.errors import InputError, UserError

from conftest import ROOT

# A tool (tools/evaluate.py) whose scoring step raises what the command line names.
RAISING_TOOL = textwrap.dedent('''
    import errno, importlib.util, sys
    sys.path.insert(0, {root!r})
    from mmseg_custom.cli import run
    from mmseg_custom.errors import InputError
    spec = importlib.util.spec_from_file_location('evaluate', {tool!r})
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    raised = dict(
        bug=ValueError('a bug deep inside'),
        user=InputError('mask m.png holds the value 7, but binary masks hold 0 and 255'),
        disk=OSError(errno.ENOSPC, 'No space left on device', 'out/a.png'),
        pipe=OSError(errno.EPIPE, 'Broken pipe'))[sys.argv[1]]

    def scoring(*args):
        raise raised

    tool.per_image_counts = scoring
    sys.argv[1:] = ['.', '.']
    run(tool.main)
''')


def run_raising_tool(tmp_path, kind):
    script = tmp_path / 'raising_tool.py'
    script.write_text(RAISING_TOOL.format(root=str(ROOT), tool=str(ROOT / 'tools/evaluate.py')))
    return subprocess.run([sys.executable, str(script), kind], cwd=tmp_path,
                          capture_output=True, text=True)


def test_a_bug_keeps_its_traceback(tmp_path):
    result = run_raising_tool(tmp_path, 'bug')
    assert result.returncode == 1
    assert 'Traceback (most recent call last)' in result.stderr
    assert 'ValueError: a bug deep inside' in result.stderr
    assert 'error: a bug' not in result.stderr


def test_a_user_error_is_one_line(tmp_path):
    result = run_raising_tool(tmp_path, 'user')
    assert result.returncode == 1
    assert result.stderr == 'error: mask m.png holds the value 7, but binary masks hold 0 and 255\n'


def test_an_os_error_is_one_line_when_it_names_its_file(tmp_path):
    result = run_raising_tool(tmp_path, 'disk')
    assert (result.returncode, result.stderr) == \
        (1, 'error: out/a.png: no space left on the device\n')
    nameless = run_raising_tool(tmp_path, 'pipe')
    assert 'Traceback' in nameless.stderr and 'Broken pipe' in nameless.stderr


class _Unreadable(torch.utils.data.Dataset):
    def __len__(self):
        return 1

    def __getitem__(self, index):
        raise InputError('mask m.png holds the value 7, but binary masks hold 0 and 255')


def test_a_user_error_from_a_data_loader_worker_is_still_one_line():
    """Training reads masks in worker processes; torch re-raises there with the traceback."""
    loader = torch.utils.data.DataLoader(_Unreadable(), num_workers=1)
    with pytest.raises(SystemExit) as stop:
        with user_errors():
            next(iter(loader))
    assert stop.value.code == ('error: mask m.png holds the value 7, but binary masks hold 0 '
                               'and 255')


def project_error_classes():
    """Every exception class defined in mmseg_custom's modules."""
    found = {}
    for info in pkgutil.walk_packages(mmseg_custom.__path__, 'mmseg_custom.'):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency (geffnet) that is not installed
            continue
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__.startswith('mmseg_custom'):
                found[f'{value.__module__}.{name}'] = value
    return found


def test_every_project_error_is_a_user_error_and_no_builtin_one():
    classes = project_error_classes()
    for name in ('ReportError', 'SubmissionError', 'OutputError', 'NameClashError',
                 'UnknownOptionError', 'UnreadableImageError', 'CheckpointError'):
        assert any(key.endswith(f'.{name}') for key in classes), name
    for name, error in classes.items():
        assert issubclass(error, UserError), name
        assert not issubclass(error, (ValueError, RuntimeError, OSError)), name


@pytest.mark.parametrize('kind', [ValueError, RuntimeError, KeyError], ids=lambda k: k.__name__)
def test_the_cli_catches_nothing_broader(kind):
    with pytest.raises(kind):
        with user_errors():
            raise kind('a bug')
    with pytest.raises(SystemExit, match='error: out: disk quota exceeded'):
        with user_errors():
            raise OSError(errno.EDQUOT, 'Disk quota exceeded', 'out')
