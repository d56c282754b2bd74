"""Pretrained weights named by URL (ImageNet backbones in `init_cfg`, `load_from`): where they
are kept, and one line when they cannot be downloaded.

mmengine loads an `http(s)://` checkpoint through torch's hub cache: the file is looked up as
`<torch hub dir>/checkpoints/<file name of the URL>` (`$TORCH_HOME/hub/checkpoints`, by default
`~/.cache/torch/hub/checkpoints`) and downloaded there only when it is missing. Offline, that
download ends in a long URLError traceback; here it ends in a `WeightsDownloadError` naming the
URL and the path where a copy fetched elsewhere is found.
"""
import os
from pathlib import Path
from urllib.parse import urlparse

import torch
from mmengine.runner import CheckpointLoader
from mmengine.runner.checkpoint import load_from_http

from mmseg_custom.errors import UserError

URL_PREFIXES = ('http://', 'https://')


class WeightsDownloadError(UserError):
    """Pretrained weights named by URL that are neither in the cache nor downloadable."""


def cached_weights_path(url: str) -> Path:
    """Where mmengine (through torch's hub) keeps, and first looks for, the file of `url`."""
    return Path(torch.hub.get_dir()) / 'checkpoints' / os.path.basename(urlparse(url).path)


def load_from_url(filename: str, map_location=None, model_dir=None, **kwargs):
    """mmengine's http(s) loader, which reads the cached copy when there is one; a failed
    download is a WeightsDownloadError in one line."""
    cached = Path(model_dir) / os.path.basename(urlparse(filename).path) if model_dir \
        else cached_weights_path(filename)
    try:
        return load_from_http(filename, map_location=map_location, model_dir=model_dir, **kwargs)
    except OSError as error:  # URLError, HTTPError, a refused or reset connection
        if cached.is_file():
            raise  # the download worked or was not needed: reading the copy failed
        reason = getattr(error, 'reason', None) or error.strerror or error
        raise WeightsDownloadError(
            f'cannot download the pretrained weights {filename} ({reason}); download the file '
            f'where there is a network and put it at {cached}, where the config finds it '
            '(TORCH_HOME moves that folder)') from None


CheckpointLoader.register_scheme(prefixes=URL_PREFIXES, loader=load_from_url, force=True)
