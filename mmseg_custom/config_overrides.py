"""Loading a config the way the command-line runners do, with the overrides they share.

mmengine merges `--cfg-options` keys that do not exist without a word, so a typo
(`train_cfg.max_iter=100`) silently trains for the config's own length. The rule here: every
part of a key but the last must exist; the last may be new (a registry object takes keyword
arguments no config lists) unless it is a near-spelling of an existing key, and a new
top-level key must be one mmengine's Runner reads (`randomness.seed=0` where the config sets
no `randomness`). Refusals list the valid keys.
"""
import difflib
import os.path as osp
from pathlib import Path
from typing import Any, List, Optional, Union

from mmengine.config import Config, DictAction

from mmseg_custom.errors import InputError, OptionError

DATALOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def propagate_data_root(cfg: Config) -> None:
    """Copy the top-level `data_root` into every dataloader's dataset.

    Configs write `data_root=data_root` inside each dataset dict, which Python evaluates
    when the file is parsed, so `--cfg-options data_root=X` alone would change nothing.
    Wrapped datasets (RepeatDataset's `dataset`, ConcatDataset's `datasets`) are followed.
    """
    root = cfg.get('data_root')
    if root is None:
        return
    for name in DATALOADERS:
        if cfg.get(name) is not None:
            _set_root(cfg[name]['dataset'], root)


def _set_root(dataset: dict, root: str) -> None:
    if 'dataset' in dataset:
        _set_root(dataset['dataset'], root)
    elif 'datasets' in dataset:
        for child in dataset['datasets']:
            _set_root(child, root)
    else:
        dataset['data_root'] = root


def read_config(config: Union[str, Path]) -> Config:
    """A config file, or one line saying why it cannot be read."""
    if not Path(config).is_file():
        raise FileNotFoundError(f'config {config} does not exist')
    try:
        return Config.fromfile(str(config))
    except SyntaxError as error:
        raise InputError(f'config {config} has a syntax error on line {error.lineno}: '
                         f'{error.msg}') from None


# Top-level keys Runner.from_cfg reads, so a config may lack them and still take them.
RUNNER_KEYS = frozenset({
    'model', 'work_dir', 'train_dataloader', 'val_dataloader', 'test_dataloader', 'train_cfg',
    'val_cfg', 'test_cfg', 'auto_scale_lr', 'optim_wrapper', 'param_scheduler', 'val_evaluator',
    'test_evaluator', 'default_hooks', 'custom_hooks', 'data_preprocessor', 'load_from',
    'resume', 'launcher', 'env_cfg', 'log_processor', 'log_level', 'visualizer',
    'default_scope', 'randomness', 'experiment_name', 'compile', 'strategy'})


# Keys whose value is one path: taken as written, since mmengine would split a folder named
# "a,b" or "[x]" into a list.
PATH_KEYS = ('data_root', 'work_dir', 'load_from', 'output_dir', 'save_dir', 'img_path',
             'seg_map_path', 'ann_file')


def _quoted_text(value: str) -> Optional[str]:
    """The text inside matching quotes ('a,b' or "a b"), or None for an unquoted value."""
    quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in '\'"'
    return value[1:-1] if quoted else None


class OverrideAction(DictAction):
    """mmengine's `--cfg-options` parser, with a usage error instead of a traceback for an
    item that is not KEY=VALUE, and a single value taken as written: mmengine deletes every
    space of a value, so `data_root=/data/my logos` named `/data/mylogos`. A value in quotes
    is a string as it is; brackets or a comma make a list, as before, except for paths
    (`PATH_KEYS`), kept whole whatever they hold."""

    @staticmethod
    def _parse_iterable(val: str):
        text = _quoted_text(val)
        if text is not None:
            return text
        if ',' not in val and not val.strip().startswith(('(', '[')):
            return DictAction._parse_int_float_bool(val.strip())
        return DictAction._parse_iterable(val)

    def __call__(self, parser, namespace, values, option_string=None):
        for item in values:
            if '=' not in item:
                parser.error(f'{option_string} takes KEY=VALUE items; got {item!r}')
        super().__call__(parser, namespace, values, option_string)
        options = getattr(namespace, self.dest)
        for item in values:
            key, value = item.split('=', maxsplit=1)
            if key.split('.')[-1] in PATH_KEYS:
                text = _quoted_text(value)
                options[key] = value if text is None else text


class UnknownOptionError(OptionError):
    """A --cfg-options key the config does not have; the message lists the valid ones."""


def _keys_of(node: Any) -> List[str]:
    return [str(k) for k in node] if isinstance(node, dict) else \
        [str(i) for i in range(len(node))]


def _refuse(option: str, where: str, part: str, node: Any, hint: str = '') -> None:
    keys = _keys_of(node)
    shown = ', '.join(keys[:30]) + (', ...' if len(keys) > 30 else '')
    raise UnknownOptionError(f'--cfg-options {option}: {where} has no key {part!r}{hint}; '
                             f'valid: {shown}')


def check_option_keys(cfg: Config, options: dict) -> None:
    """UnknownOptionError for the first key of `options` that the rule above refuses."""
    for option in options:
        parts = option.split('.')
        node: Any = cfg._cfg_dict
        for depth, part in enumerate(parts):
            where = '.'.join(parts[:depth]) or 'the config'
            last = depth == len(parts) - 1
            if isinstance(node, (list, tuple)):
                if not part.isdigit() or int(part) >= len(node):
                    _refuse(option, where, part, node, f' (a list of {len(node)} items)')
                node = node[int(part)]
                continue
            if not isinstance(node, dict):
                raise UnknownOptionError(f'--cfg-options {option}: {where} is a '
                                         f'{type(node).__name__}, not a dict of options')
            if part in node:
                node = node[part]
                continue
            if depth == 0 and part in RUNNER_KEYS:
                break  # a Runner setting the config leaves at its default, e.g. randomness
            close = difflib.get_close_matches(part, _keys_of(node), n=1, cutoff=0.8)
            if not last or close or depth == 0:
                _refuse(option, where, part, node,
                        f' (did you mean {close[0]!r}?)' if close else '')
            break


def load_runner_config(path: str, cfg_options: Optional[dict] = None, launcher: str = 'none',
                       work_dir: Optional[str] = None) -> Config:
    """Config file + `--cfg-options` + launcher + work dir, in MMSegmentation's precedence:
    the work dir from the command line, else the config's, else work_dirs/<config name>.
    """
    cfg = read_config(path)
    cfg.launcher = launcher
    if cfg_options:
        check_option_keys(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
        if 'data_root' in cfg_options:
            propagate_data_root(cfg)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(path))[0])
    return cfg


def shorten_schedule(cfg: Config, iters: int) -> None:
    """Train for `iters` iterations and still validate, save a checkpoint and log at least
    once: intervals longer than the run shrink to it, and the learning-rate schedule is
    compressed in proportion (warm-up included). A trial run of any recipe: the guides' quick
    starts use it, and nothing else changes."""
    if iters < 1:
        raise OptionError(f'--iters must be at least 1, got {iters}')
    scale = iters / cfg.train_cfg.max_iters
    cfg.train_cfg.max_iters = iters
    if cfg.train_cfg.get('val_interval', 0) > iters:
        cfg.train_cfg.val_interval = iters
    for hook in ('checkpoint', 'logger'):
        settings = cfg.get('default_hooks', {}).get(hook)
        if settings and settings.get('interval', 0) > iters:
            settings.interval = iters
    schedulers = cfg.get('param_scheduler') or []
    for scheduler in schedulers if isinstance(schedulers, list) else [schedulers]:
        begin = round(scheduler.get('begin', 0) * scale)
        scheduler['begin'] = begin
        if scheduler.get('end') is not None:
            scheduler['end'] = max(round(scheduler['end'] * scale), begin + 1)
