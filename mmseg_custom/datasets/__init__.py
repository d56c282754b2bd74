from .binary_folders import BinaryFolderDataset
from .birds import BirdsDataset
from .celebamask import CelebAMaskDataset, LoadFaceAnnotations
from .logo import LogoDataset

__all__ = ['BinaryFolderDataset', 'BirdsDataset', 'CelebAMaskDataset', 'LoadFaceAnnotations',
           'LogoDataset']
