"""What a training run's report needs and cannot recover afterwards: the machine, the library
versions, the times and the trainable parameter count.

`RunRecordHook` (mmseg_custom/engine/hooks/run_record.py) writes one record per training
session as `<work_dir>/<timestamp>/run_record.json` (beside that session's log), so a resumed
run keeps one record per session and the report adds their wall times up.
"""
import json
import os
import platform
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

import torch

RECORD_NAME = 'run_record.json'


def trainable_parameters(model: torch.nn.Module) -> int:
    """The course's figure: sum(p.numel() for p in model.parameters() if p.requires_grad)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec='seconds')


def cpu_model() -> str:
    """The CPU's marketing name (/proc/cpuinfo on Linux), else what platform knows."""
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.lower().startswith(('model name', 'hardware', 'cpu model')):
                return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or 'unknown'


def hardware(device: str, world_size: int = 1) -> dict:
    """The machine: CPU model and cores, the GPUs it has, the device the model trained on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else None
    gpus = ([torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
            if torch.cuda.is_available() else [])
    on_gpu = device.startswith('cuda')
    return dict(cpu_model=cpu_model(), cpu_cores=os.cpu_count(), cpu_cores_usable=usable,
                gpus_present=gpus, device=device, world_size=world_size,
                gpus_used=world_size if on_gpu else 0,
                gpu_model=gpus[0] if on_gpu and gpus else None)


def software() -> dict:
    """Versions of Python and the libraries that define the run's results."""
    versions = dict(python=platform.python_version(), torch=torch.__version__,
                    cuda=torch.version.cuda)
    for name, module in (('mmcv', 'mmcv'), ('mmengine', 'mmengine'), ('mmseg', 'mmseg')):
        try:
            versions[name] = __import__(module).__version__
        except Exception:  # a missing library is recorded as such, not a training failure
            versions[name] = None
    versions['platform'] = platform.platform()
    return versions


def read_records(work_dir: Path) -> List[dict]:
    """Every session's record in a work dir, oldest first; unreadable ones are skipped."""
    records = []
    for path in sorted(Path(work_dir).glob(f'*/{RECORD_NAME}')):
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        record['path'] = str(path)
        records.append(record)
    return records


def wall_seconds(record: dict) -> Optional[float]:
    """Seconds from a session's start to its end, or to its last progress update when it
    was interrupted."""
    end = record.get('finished') or record.get('updated')
    if not record.get('started') or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(record['started'])
            ).total_seconds()
