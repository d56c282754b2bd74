"""The files shipped in mmseg_custom/assets, named by the challenge they belong to.

Generic modules (inference, the exporters) take every model as an argument; only the logo
challenge's entry point, infer.py, falls back to the shipped logo model.
"""
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / 'assets'
LOGO_CHECKPOINT = ASSETS / 'logo_mobilenetv2_unet_cpu.pth'
LOGO_TEMPLATE = ASSETS / 'logo.png'
