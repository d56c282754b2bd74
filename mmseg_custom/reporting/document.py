"""A report as a list of blocks, rendered once as Markdown (figures linked beside it) and
once as a self-contained HTML page (figures embedded as base64)."""
import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Union


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: Sequence[str]


@dataclass
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass
class Figure:
    path: Path  # a PNG beside the report
    caption: str


Block = Union[Heading, Paragraph, Bullets, Table, Figure]


def _md_cell(value) -> str:
    return str(value).replace('|', '\\|').replace('\n', ' ')


def to_markdown(blocks: List[Block]) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Bullets):
            out.append('\n'.join(f'- {item}' for item in block.items))
        elif isinstance(block, Table):
            lines = ['| ' + ' | '.join(map(_md_cell, block.header)) + ' |',
                     '|' + '---|' * len(block.header)]
            lines += ['| ' + ' | '.join(map(_md_cell, row)) + ' |' for row in block.rows]
            out.append('\n'.join(lines))
        elif isinstance(block, Figure):
            out.append(f'![{block.caption}]({block.path.name})\n\n*{block.caption}*')
    return '\n\n'.join(out) + '\n'


def to_html(blocks: List[Block], title: str) -> str:
    """One page, no external file: the figures are data URIs."""
    esc = html.escape
    out = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8">', f'<title>{esc(title)}</title>',
           '<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}'
           'table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 8px;'
           'text-align:left}img{max-width:100%}</style>', '</head><body>']
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f'<h{block.level}>{esc(block.text)}</h{block.level}>')
        elif isinstance(block, Paragraph):
            out.append(f'<p>{esc(block.text)}</p>')
        elif isinstance(block, Bullets):
            out.append('<ul>' + ''.join(f'<li>{esc(i)}</li>' for i in block.items) + '</ul>')
        elif isinstance(block, Table):
            head = ''.join(f'<th>{esc(str(c))}</th>' for c in block.header)
            body = ''.join('<tr>' + ''.join(f'<td>{esc(str(c))}</td>' for c in row) + '</tr>'
                           for row in block.rows)
            out.append(f'<table><tr>{head}</tr>{body}</table>')
        elif isinstance(block, Figure):
            data = base64.b64encode(block.path.read_bytes()).decode('ascii')
            out.append(f'<figure><img alt="{esc(block.caption)}" '
                       f'src="data:image/png;base64,{data}"><figcaption>{esc(block.caption)}'
                       '</figcaption></figure>')
    out.append('</body></html>')
    return '\n'.join(out) + '\n'
