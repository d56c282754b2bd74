"""Fit the logo challenge's known template, warped, to a network's probability map."""
from .fitter import FitSettings, GroupFit, LogoFitter
from .warp import WarpParams, load_logo_alpha, render_logo, scaled_template

__all__ = ['FitSettings', 'GroupFit', 'LogoFitter', 'WarpParams', 'load_logo_alpha',
           'render_logo', 'scaled_template']
