"""One training per work dir: two would interleave their logs and overwrite each other's
checkpoints.

The training holds an exclusive `flock` on `<work_dir>/train.lock` while it runs, with its PID
and command line written inside. The kernel drops the lock when the holder ends, however it
ends (kill -9 included), so a lock file left behind by a dead process never blocks anyone.
"""
import errno
import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Union

from mmseg_custom.errors import UserError
from mmseg_custom.file_output import prepare_folder

LOCK_NAME = 'train.lock'
# what a file system without locks (some network and FUSE mounts) answers to flock
UNLOCKABLE = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS)


class WorkDirBusyError(UserError):
    """Another live process trains into the same work dir."""


def _holder(lock_file: Path) -> str:
    """`process PID (command)` as the holder wrote it, or a plain phrase if it wrote nothing."""
    try:
        pid, _, command = lock_file.read_text().partition('\n')
    except OSError:
        pid, command = '', ''
    if not pid.strip():
        return 'another process'
    return f'process {pid.strip()} ({command.strip() or "command unknown"})'


@contextmanager
def hold_work_dir(work_dir: Union[str, Path]) -> Iterator[Path]:
    """Hold `work_dir` for this process, or raise WorkDirBusyError naming the live holder.

    Only the main process of a distributed launch takes the lock (the other ranks write
    into the same work dir by design).
    """
    if int(os.environ.get('RANK', '0')) != 0:
        yield Path(work_dir)
        return
    work_dir = prepare_folder(work_dir)
    lock_file = work_dir / LOCK_NAME
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkDirBusyError(
                f'{work_dir} is in use by {_holder(lock_file)}, which trains into it; wait '
                f'for it to end (or stop it), or give another --work-dir') from None
        except OSError as error:
            if error.errno not in UNLOCKABLE:
                raise
            print(f'note: {work_dir} cannot be locked ({error.strerror}): a second training '
                  f'into it would not be refused', file=sys.stderr)
        os.ftruncate(descriptor, 0)
        command = ' '.join([Path(sys.executable).name, *sys.argv])
        os.pwrite(descriptor, f'{os.getpid()}\n{command}\n'.encode(), 0)
        yield lock_file
    finally:
        os.close(descriptor)  # closing the only descriptor releases the flock
