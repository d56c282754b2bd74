"""The files shipped in mmseg_custom/assets, named by the challenge they belong to.

Generic modules (inference, the exporters) take every model as an argument; only the logo
challenge's entry point, infer.py, falls back to the shipped logo model.
"""
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / 'assets'
# Named after its recipe: configs/logo/<the same name>.py reproduces it.
LOGO_CHECKPOINT = ASSETS / 'unet_mobilenetv2_fullres_mila_cpu.pth'
LOGO_TEMPLATE = ASSETS / 'logo.png'
