"""The one way this project builds mmengine's Runner (tools/train.py, tools/test.py, the birds
API)."""
import uuid

from mmengine.config import Config
from mmengine.runner import Runner


def build_runner(cfg: Config) -> Runner:
    """`Runner.from_cfg(cfg)` with a visualizer of this run's own.

    mmengine keeps one Visualizer per name in a process and configs name theirs 'visualizer',
    so a second run in the same process (the API, tests that call the tools in process) would
    write its curves into the first run's folder.
    """
    if cfg.get('visualizer') is not None:
        name = cfg.visualizer.get('name', 'visualizer')
        cfg.visualizer.name = f'{name}-{uuid.uuid4().hex[:8]}'
    return Runner.from_cfg(cfg)
