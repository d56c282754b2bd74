# Birds (the bird segmentation assignment), the plain encoder-decoder: birds/unet.py without its skip connections,
# identical otherwise (same layers, same widths, same training).
_base_ = ['./unet.py']
model = dict(backbone=dict(skip_connections=False))
