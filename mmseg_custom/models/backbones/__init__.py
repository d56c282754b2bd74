from .lab_unet import LabUNet

__all__ = ['LabUNet']
