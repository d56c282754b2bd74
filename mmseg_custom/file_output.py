"""Output policy shared by every tool: files appear whole or not at all, with the umask's mode.

`atomic_output` writes to a hidden temporary file beside the target and renames it into place
only when the block finishes; any error or interrupt removes the temporary file. mkstemp creates
files with mode 0600, so the umask's mode is applied before the rename. `refuse_shared_names`
(with `first_dot_stem`, the key masks and images are matched by) is the one check for two
inputs that would produce (or match) the same output name.
"""
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, TypeVar, Union

from mmseg_custom.errors import InputError, UserError

T = TypeVar('T')


class OutputError(UserError):
    """An output path that cannot be written; the message names it."""


class NameClashError(InputError):
    """Two inputs would give the same output name; the message names both."""


def umask_file_mode() -> int:
    """The mode a plain `open(path, 'w')` would give a new file (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def prepare_parent(target: Path) -> None:
    """Create the target's folder, or say in one line why it cannot be written there."""
    if target.is_dir():
        raise OutputError(f'{target} is a folder; give a file path')
    prepare_folder(target.parent)


def prepare_folder(folder: Union[str, Path]) -> Path:
    """Create an output folder, or say in one line why it cannot be one."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f'{folder} is a file, not a folder; give a folder for the output')
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f'cannot create the folder {folder}: '
                          f'{error.strerror or error}') from error
    if not os.access(folder, os.W_OK):
        raise OutputError(f'cannot write to {folder}: permission denied')
    return folder


@contextmanager
def atomic_output(target: Union[str, Path], suffix: str = '') -> Iterator[Path]:
    """Yield a temporary path to write; it becomes `target` only if the block succeeds."""
    target = Path(target)
    prepare_parent(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix='.partial-',
                                         suffix=suffix or target.suffix)
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, umask_file_mode())
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_bytes_atomically(data: bytes, target: Union[str, Path]) -> None:
    """Write `data` to `target`: the file is complete or absent."""
    with atomic_output(target) as temporary:
        temporary.write_bytes(data)


def write_image_atomically(image, target: Union[str, Path]) -> None:
    """Encode an image (numpy array, OpenCV's channel order) in memory by the target's suffix,
    JPEG at quality 100, then write it atomically."""
    import cv2
    target = Path(target)
    params = [cv2.IMWRITE_JPEG_QUALITY, 100] if target.suffix.lower() in ('.jpg', '.jpeg') else []
    try:
        ok, encoded = cv2.imencode(target.suffix, image, params)
    except cv2.error:
        ok = False
    if not ok:
        raise OutputError(f'cannot encode an image as {target.suffix!r} for {target}')
    write_bytes_atomically(encoded.tobytes(), target)


def first_dot_stem(path: Union[str, Path]) -> str:
    """A file's name before its first dot, the key masks and images are matched by
    (00001.jpg, 00001.bmp and 00001.jpg.png all match 00001)."""
    return Path(path).name.split('.')[0]


def refuse_shared_names(items: Iterable[T], name_of: Callable[[T], str],
                        what: str = 'output') -> Dict[str, T]:
    """`{name: item}`; raises NameClashError naming both items when two share a name."""
    seen: Dict[str, T] = {}
    for item in items:
        name = name_of(item)
        if name in seen:
            raise NameClashError(f'{seen[name]} and {item} would both give the {what} '
                                 f'{name!r}; rename one of them')
        seen[name] = item
    return seen
