"""What only the text logs hold: the per-class tables MMSegmentation prints at validation,
and the times of the first and last log lines (a run's span when it has no run record)."""
import re
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Tuple

_TRAIN_ITER = re.compile(r'Iter\(train\)\s*\[\s*(\d+)/')
_SAVING = re.compile(r'Saving checkpoint at (\d+) iterations')
_STAMP = re.compile(r'^(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2})')


def run_logs(work_dir: Path) -> List[Path]:
    """The text logs of every session (`<work_dir>/<timestamp>/<timestamp>.log`), oldest first."""
    return sorted(p for p in Path(work_dir).glob('*/*.log') if p.stem == p.parent.name)


def _cells(line: str) -> List[str]:
    return [cell.strip() for cell in line.strip().strip('|').split('|')]


def class_tables(work_dir: Path) -> Dict[int, Tuple[List[str], List[List[str]]]]:
    """{training iteration: (header, rows)} of every 'per class results' table in the logs;
    a later session's table replaces an earlier one at the same iteration."""
    tables = {}
    for log in run_logs(work_dir):
        lines = log.read_text(errors='replace').splitlines()
        iteration, index = 0, 0
        while index < len(lines):
            line = lines[index]
            for pattern in (_TRAIN_ITER, _SAVING):
                found = pattern.search(line)
                if found:
                    iteration = max(iteration, int(found.group(1)))
            if line.rstrip().endswith('per class results:'):
                index += 1
                while index < len(lines) and not lines[index].lstrip().startswith(('|', '+')):
                    index += 1  # the blank line after the title
                rows = []
                while index < len(lines) and lines[index].lstrip().startswith(('|', '+')):
                    if lines[index].lstrip().startswith('|'):
                        rows.append(_cells(lines[index]))
                    index += 1
                if len(rows) > 1:
                    tables[iteration] = (rows[0], rows[1:])
                continue
            index += 1
    return tables


def logged_seconds(work_dir: Path) -> Optional[float]:
    """Seconds from the first to the last time stamped in each session's log, added up over
    the sessions (None without logs): a lower bound of the wall time of a run with no record."""
    total, found_any = 0.0, False
    for log in run_logs(work_dir):
        stamps = [datetime.strptime(m.group(1), '%Y/%m/%d %H:%M:%S')
                  for m in map(_STAMP.match, log.read_text(errors='replace').splitlines()) if m]
        if stamps:
            total += (stamps[-1] - stamps[0]).total_seconds()
            found_any = True
    return total if found_any else None
