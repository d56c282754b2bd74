from .binary_folders import BinaryFolderDataset
from .birds import BirdsDataset
from .celebamask import CelebAMaskDataset, LoadFaceAnnotations
from .logo import LogoDataset
from .synthetic_logo import SyntheticLogoDataset
from .voc import CheckedPascalVOCDataset
from .voc2009_kaggle import LoadNpyAnnotations, LoadNpyImageFromFile, VOC2009KaggleDataset

__all__ = ['BinaryFolderDataset', 'BirdsDataset', 'CelebAMaskDataset', 'CheckedPascalVOCDataset',
           'LoadFaceAnnotations', 'LoadNpyAnnotations', 'LoadNpyImageFromFile', 'LogoDataset',
           'SyntheticLogoDataset', 'VOC2009KaggleDataset']
