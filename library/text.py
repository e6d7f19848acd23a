"""The plain text of an official document, read into its parts so it can be shown as a page and
written as a Word file: the heading (issuing body, number, place and date), the title, the body
(section headings, paragraphs, dashed lists) and the recipients ("Nơi nhận").

The layout follows Guideline 29-HD/TWĐTN-VP of 2013 on Youth Union documents, which the seed
guideline 39-HD/TĐTN-BTH itself follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROMAN_HEADING = re.compile(r"^[IVXLC]+\.\s")
NUMBERED_HEADING = re.compile(r"^\d+\.\s")
DASH_ITEM = re.compile(r"^[-–•]\s*")
PLACE_DATE = re.compile(r"ngày\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4}")
RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*$", re.IGNORECASE)
# A title line is short; the first long line after the title opens the body.
TITLE_LINE_MAX = 100


@dataclass
class Block:
    kind: str  # "section" (I., II.), "subsection" (1., 2.), "paragraph", "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


@dataclass
class Structured:
    issuer: list[str] = field(default_factory=list)  # left of the heading: body, "***", number
    union: list[str] = field(default_factory=list)  # right: "ĐOÀN TNCS HỒ CHÍ MINH", place and date
    title: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def _heading_line(line: str) -> str | None:
    """Which side of the document heading a line belongs to, or None when it is not one."""
    if line == "***" or line.startswith("Số:") or line.startswith("BCH ") or line.startswith("BAN "):
        return "issuer"
    if line.startswith("ĐOÀN TNCS") or PLACE_DATE.search(line):
        return "union"
    return None


def structure(text: str) -> Structured:
    lines = [" ".join(raw.split()) for raw in text.splitlines()]
    lines = [line for line in lines if line]
    doc = Structured()
    i = 0
    while i < len(lines) and (side := _heading_line(lines[i])):
        getattr(doc, side).append(lines[i])
        i += 1
    # The title: the type in capitals, then short lines until the body starts.
    if i < len(lines) and lines[i].upper() == lines[i]:
        doc.title.append(lines[i])
        i += 1
        while i < len(lines) and len(lines[i]) <= TITLE_LINE_MAX and not _opens_body(lines[i]):
            doc.title.append(lines[i])
            i += 1
    in_recipients = False
    for line in lines[i:]:
        if RECIPIENTS.match(line):
            in_recipients = True
        elif in_recipients:
            doc.recipients.append(DASH_ITEM.sub("", line) if DASH_ITEM.match(line) else line)
        elif ROMAN_HEADING.match(line):
            doc.body.append(Block("section", line))
        elif NUMBERED_HEADING.match(line):
            doc.body.append(Block("subsection", line))
        elif DASH_ITEM.match(line):
            item = DASH_ITEM.sub("", line)
            if doc.body and doc.body[-1].kind == "list":
                doc.body[-1].items.append(item)
            else:
                doc.body.append(Block("list", items=[item]))
        else:
            doc.body.append(Block("paragraph", line))
    return doc


def _opens_body(line: str) -> bool:
    return bool(ROMAN_HEADING.match(line) or NUMBERED_HEADING.match(line) or DASH_ITEM.match(line))
