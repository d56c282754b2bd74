# Birds (the bird segmentation assignment), the plain encoder-decoder: birds/unet_lab-small.py without its skip connections,
# identical otherwise (same layers, same widths, same training).
_base_ = ['./unet_lab-small.py']
model = dict(backbone=dict(skip_connections=False))
