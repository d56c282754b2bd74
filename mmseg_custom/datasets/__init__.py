from .logo import LogoDataset

__all__ = ['LogoDataset']
from .celebamask import CelebAMaskDataset, LoadFaceAnnotations  # noqa: E402,F401
