"""What every command-line tool does the same way: turn a user's mistake into one line.

Tools wrap their work in `user_errors()`: a missing or wrong file, a checkpoint that does not
fit, an unwritable output or an unusable device ends the tool with `error: <message>` and exit
code 1 (no traceback), Ctrl-C with `interrupted` and code 130. `images_and_model` is the
require-images / load-model block the inference tools share.
"""
import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional, Tuple, Union

import torch

from mmseg_custom.checkpoint_loading import CheckpointError
from mmseg_custom.file_output import NameClashError, OutputError
from mmseg_custom.image_io import UnreadableImageError, require_images
from mmseg_custom.inference import load_model, wrap_for_tta

# The exceptions whose message is the whole story for a user (our code words them so).
USER_ERRORS = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError,
               ValueError, OutputError, CheckpointError, NameClashError, UnreadableImageError)
# Those met while a Runner works: a missing data folder, an unwritable work dir.
RUNNER_USER_ERRORS = (FileNotFoundError, NotADirectoryError, PermissionError, OutputError)


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
