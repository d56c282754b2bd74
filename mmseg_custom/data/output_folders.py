"""The generators' one rule for where they write: new or empty folders only."""
from pathlib import Path

from mmseg_custom.file_output import OutputError


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
