"""The generators' rules for where they write: new or empty folders only, and a data set that
could not be finished keeps only whole image/mask pairs."""
from pathlib import Path

from mmseg_custom.file_output import PARTIAL_PREFIX, OutputError


def make_empty_folders(*folders) -> None:
    """Create `folders`, refusing (OutputError naming it) one that already holds files.

    Regenerating into a used folder would silently mix samples: a smaller `--num` or another
    seed leaves the earlier run's extra images beside the new ones, and the datasets list every
    image they find. All folders are checked before any is created, so a refusal writes nothing.
    """
    folders = [Path(folder) for folder in folders]
    for folder in folders:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f'{folder} exists and is not a folder; choose another output folder')
        if folder.is_dir():
            files = sorted(p for p in folder.rglob('*') if p.is_file())
            if files:
                raise OutputError(
                    f'{folder} already holds {len(files)} file(s), e.g. {files[0].name}; '
                    'writing into it would mix old and new samples: choose a new output '
                    'folder or delete this one first')
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f'cannot create the folder {folder}: {error.strerror}') from error


def _by_key(folder: Path) -> dict:
    """{path relative to `folder` without its suffix: file} of every visible file below it."""
    return {str(p.relative_to(folder).with_suffix('')): p for p in folder.rglob('*')
            if p.is_file() and not p.name.startswith('.')}


def tidy_incomplete(error: Exception, num: int, images, masks=None) -> OutputError:
    """After a generator stopped early (a full disk, a read-only folder): remove the temporary
    files and every image left without its mask (and mask without its image), and return the
    error to raise, saying how many of the `num` pairs are complete."""
    folders = [Path(images)] + ([Path(masks)] if masks is not None else [])
    for folder in folders:
        for partial in folder.rglob(f'{PARTIAL_PREFIX}*'):
            partial.unlink(missing_ok=True)
    if masks is None:
        complete = len(_by_key(folders[0]))
        what = 'images are'
    else:
        image_files, mask_files = _by_key(folders[0]), _by_key(folders[1])
        for key in set(image_files) ^ set(mask_files):
            (image_files.get(key) or mask_files[key]).unlink(missing_ok=True)
        complete = len(set(image_files) & set(mask_files))
        what = 'image/mask pairs are'
    return OutputError(f'{error}; {complete} of {num} {what} complete in {folders[0].parent}')
