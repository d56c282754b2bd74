from .logo import LogoDataset

__all__ = ['LogoDataset']
from .celebamask import CelebAMaskDataset, LoadFaceAnnotations  # noqa: E402,F401
from .binary_folders import BinaryFolderDataset  # noqa: E402,F401
from .birds import BirdsDataset  # noqa: E402,F401
