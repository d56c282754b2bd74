"""What every command-line tool does the same way: turn a user's mistake into one line.

Tools wrap their work in `user_errors()`: a missing or wrong file, a checkpoint that does not
fit, an unwritable output or an unusable device ends the tool with `error: <message>` and exit
code 1 (no traceback), Ctrl-C with `interrupted` and code 130. Their `__main__` is
`run(main)`: a reader that stops early (`| head`) ends the tool quietly, as it ends `ls`.
`images_and_model` is the require-images / load-model block the inference tools share.
"""
import argparse
import os
import select
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Tuple, Union

import torch

from mmseg_custom.checkpoint_loading import CheckpointError
from mmseg_custom.errors import UserError
from mmseg_custom.file_output import NameClashError, OutputError
from mmseg_custom.image_io import UnreadableImageError, require_images
from mmseg_custom.inference import load_model, wrap_for_tta

# The exceptions whose message is the whole story for a user (our code words them so).
USER_ERRORS = (UserError, FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError,
               ValueError, OutputError, CheckpointError, NameClashError, UnreadableImageError)
# Those met while a Runner works: a missing data folder, an unwritable work dir.
RUNNER_USER_ERRORS = (UserError, FileNotFoundError, NotADirectoryError, PermissionError, OutputError)


def fail(message: str) -> None:
    """End the tool: `error: message` on stderr, exit code 1."""
    raise SystemExit(f'error: {message}')


def describe(error: BaseException) -> str:
    """The one line a user sees: our own messages as they are, OS errors with their path."""
    if isinstance(error, OSError) and error.filename and error.strerror:
        return f'{error.filename}: {error.strerror}'
    return str(error)


@contextmanager
def user_errors(kinds: Tuple[type, ...] = USER_ERRORS) -> Iterator[None]:
    """Turn `kinds` of errors into `error: ...` (exit 1) and Ctrl-C into `interrupted`
    (exit 130). Long library work (a Runner's training) passes narrower `kinds`, so that a
    bug's ValueError deep inside keeps its traceback."""
    try:
        yield
    except kinds as error:
        fail(describe(error))
    except KeyboardInterrupt:
        print('interrupted: files already written are complete, none is partial',
              file=sys.stderr)
        raise SystemExit(130) from None


def run(main: Callable[[], object]) -> None:
    """Run a tool's `main()` and exit with its int result (0 for any other result). When
    stdout is a pipe whose reader has gone (`tool | head -1`), exit 141 (128 + SIGPIPE, what
    the shell reports for `yes | head`) without the BrokenPipeError traceback."""
    try:
        result = main()
        sys.stdout.flush()
    except BrokenPipeError:
        if not _stdout_reader_gone():
            raise  # another pipe (a worker's): a real error
        # Python would fail again flushing stdout at exit: let that go to /dev/null
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(141) from None
    raise SystemExit(result if isinstance(result, int) else 0)


def _stdout_reader_gone() -> bool:
    """Whether stdout is a pipe nobody reads any more (poll's POLLERR on its write end)."""
    poller = select.poll()
    poller.register(sys.stdout.fileno(), select.POLLOUT)
    return any(event & select.POLLERR for _, event in poller.poll(0))


def images_and_model(image_dir: Path, config: Optional[Union[str, Path]],
                     checkpoint: Union[str, Path], device: str = 'cpu',
                     tta: bool = False) -> Tuple[List[Path], torch.nn.Module]:
    """The images of `image_dir` and the model (wrapped for TTA when asked), or an error:
    images first, so a wrong folder is reported before the model takes time to load."""
    images = require_images(image_dir)
    model = load_model(config, checkpoint, device)
    return images, (wrap_for_tta(model) if tta else model)


def positive_int(text: str) -> int:
    """argparse type for counts that must be at least 1 (batch sizes)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be at least 1, got {value}')
    return value


def non_negative_int(text: str) -> int:
    """argparse type for counts that may be 0 (worker processes)."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f'must be 0 or more, got {value}')
    return value
