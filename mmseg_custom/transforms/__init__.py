from .binary_annotations import LoadBinaryAnnotations

__all__ = ['LoadBinaryAnnotations']
