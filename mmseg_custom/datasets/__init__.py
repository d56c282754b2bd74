from .logo import LogoDataset

__all__ = ['LogoDataset']
