from .binary_folders import BinaryFolderDataset
from .birds import BirdsDataset
from .celebamask import CelebAMaskDataset, LoadFaceAnnotations
from .logo import LogoDataset
from .voc import CheckedPascalVOCDataset

__all__ = ['BinaryFolderDataset', 'BirdsDataset', 'CelebAMaskDataset', 'CheckedPascalVOCDataset',
           'LoadFaceAnnotations', 'LogoDataset']
