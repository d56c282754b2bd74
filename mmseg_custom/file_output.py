"""Output policy shared by every tool: files appear whole or not at all, with the umask's mode.

`atomic_output` writes to a hidden temporary file beside the target and renames it into place
only when the block finishes; any error or interrupt removes the temporary file. mkstemp creates
files with mode 0600, so the umask's mode is applied before the rename. A write the disk refuses
(no space left, a read-only or unwritable folder) is an OutputError naming the target and the
reason. Images are encoded in memory and the encoder's result checked (`write_image_atomically`);
`write_files_together` writes a set of files (an image and its mask, an export's files) all or
none. `refuse_shared_names` (with `first_dot_stem`, the key masks and images are matched
by) is the one check for two inputs that would produce (or match) the same output name.
"""
import errno
import os
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import (Callable, Dict, Iterable, Iterator, Optional, Sequence, Tuple, TypeVar,
                    Union)

from mmseg_custom.errors import InputError, UserError

T = TypeVar('T')
# The name every temporary file starts with (hidden, and easy to tidy after a kill).
PARTIAL_PREFIX = '.partial-'


class OutputError(UserError):
    """An output path that cannot be written; the message names it."""


# The errors a disk gives a write, worded for the user (strerror's wording varies).
WRITE_FAULTS = {errno.ENOSPC: 'no space left on the device',
                errno.EDQUOT: 'disk quota exceeded',
                errno.EROFS: 'read-only file system',
                errno.EACCES: 'permission denied',
                errno.EPERM: 'operation not permitted',
                errno.EFBIG: 'file too large',
                errno.EIO: 'input/output error'}


def is_write_fault(error: BaseException) -> bool:
    """Whether an error is the disk refusing a write (full, read-only, no permission)."""
    return isinstance(error, OSError) and error.errno in WRITE_FAULTS


def write_fault(target: Union[str, Path], error: OSError) -> OutputError:
    """The one-line error for a write to `target` that the disk refused."""
    reason = WRITE_FAULTS.get(error.errno) or error.strerror or str(error)
    return OutputError(f'cannot write {target}: {reason}')


def unwritable_reason(folder: Path) -> Optional[str]:
    """Why a folder cannot take new files (read-only file system, permission), or None."""
    if os.access(folder, os.W_OK):
        return None
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return WRITE_FAULTS[errno.EROFS]
    except OSError:
        pass
    return WRITE_FAULTS[errno.EACCES]


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
        reason = WRITE_FAULTS.get(error.errno) or error.strerror or error
        raise OutputError(f'cannot create the folder {folder}: {reason}') from error
    reason = unwritable_reason(folder)
    if reason:
        raise OutputError(f'cannot write to {folder}: {reason}')
    return folder


@contextmanager
def atomic_output(target: Union[str, Path], suffix: str = '') -> Iterator[Path]:
    """Yield a temporary path to write; it becomes `target` only if the block succeeds."""
    target = Path(target)
    prepare_parent(target)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=PARTIAL_PREFIX,
                                             suffix=suffix or target.suffix)
    except OSError as error:
        if is_write_fault(error):
            raise write_fault(target, error) from error
        raise
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, umask_file_mode())
        os.replace(temporary, target)
    except BaseException as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if is_write_fault(error) and error.filename in (None, temporary, str(target)):
            raise write_fault(target, error) from error
        raise


def write_bytes_atomically(data: bytes, target: Union[str, Path]) -> None:
    """Write `data` to `target`: the file is complete or absent."""
    with atomic_output(target) as temporary:
        temporary.write_bytes(data)


def encode_image(image, target: Union[str, Path], jpeg_quality: int = 100) -> bytes:
    """An image (numpy array, OpenCV's channel order) encoded by the target's suffix, JPEG at
    `jpeg_quality`; OutputError naming the target when OpenCV cannot encode it."""
    import cv2
    target = Path(target)
    params = ([cv2.IMWRITE_JPEG_QUALITY, jpeg_quality]
              if target.suffix.lower() in ('.jpg', '.jpeg') else [])
    try:
        ok, encoded = cv2.imencode(target.suffix, image, params)
    except cv2.error:
        ok = False
    if not ok:
        raise OutputError(f'cannot encode an image as {target.suffix!r} for {target}')
    return encoded.tobytes()


def encode_palette_png(labels, palette: Sequence[int]) -> bytes:
    """A label map as an 8-bit palette PNG (the VOC and CelebAMask masks' format), in memory."""
    import io

    from PIL import Image
    picture = Image.fromarray(labels, mode='P')
    picture.putpalette(list(palette))
    buffer = io.BytesIO()
    picture.save(buffer, format='PNG')
    return buffer.getvalue()


def write_image_atomically(image, target: Union[str, Path], jpeg_quality: int = 100) -> None:
    """Encode an image in memory by the target's suffix (`encode_image`), then write it
    atomically."""
    write_bytes_atomically(encode_image(image, target, jpeg_quality), target)


def write_figure_atomically(figure, target: Union[str, Path], dpi: int) -> None:
    """A matplotlib figure rendered as PNG in memory, then written atomically."""
    import io
    buffer = io.BytesIO()
    figure.savefig(buffer, dpi=dpi, format='png')
    write_bytes_atomically(buffer.getvalue(), target)


def torch_bytes(obj) -> bytes:
    """`torch.save` into memory: a full disk then fails in our checked write, not inside
    torch's writer (whose error is a RuntimeError that names no file)."""
    import io

    import torch
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def write_files_together(files: Sequence[Tuple[Union[str, Path], bytes]]) -> None:
    """Write every (target, data), all or none: every file is written beside its target
    first, and only when all are complete are they renamed into place (an image never
    appears without its mask, nor an export's code without its weights)."""
    with ExitStack() as stack:
        for target, data in files:
            stack.enter_context(atomic_output(target)).write_bytes(data)


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
