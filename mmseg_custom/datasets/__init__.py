from .logo import LogoDataset

__all__ = ['LogoDataset']
from .binary_folders import BinaryFolderDataset  # noqa: E402,F401
from .birds import BirdsDataset  # noqa: E402,F401
