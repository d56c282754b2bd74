"""Synthetic data generators. Imported on demand (not by the package), since they pull in
scikit-image, which training and inference do not need."""
