"""Fit the logo challenge's known template, warped, to a network's probability map."""
from .fitter import FitSettings, LogoFitter
from .warp import TemplateBank, WarpParams, load_logo_alpha, render_logo, scaled_template

__all__ = ['FitSettings', 'LogoFitter', 'TemplateBank', 'WarpParams', 'load_logo_alpha',
           'render_logo', 'scaled_template']
