"""Reads childprog/data/golden-rollup.md (the repository's copy of shared/data/golden-rollup.md)
into plain values, so test_golden_rollup.py asserts the file's tables as they stand.

Every table and sentence the tests use must be found and every line understood: anything else is
an AssertionError naming the line, so a changed file fails loudly instead of passing on fewer rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from childprog.periods import ANNUAL, CALENDAR, DECREE_09, QUARTERLY, SIX_MONTHLY

GOLDEN_MD = Path(__file__).resolve().parent.parent / "childprog" / "data" / "golden-rollup.md"

OWN_ROW = "the province's own records"
THE_PROVINCE = "the province"


@dataclass(frozen=True)
class Figures:
    children: int
    money: int


@dataclass(frozen=True)
class Record:
    id: str
    unit_code: str
    day: date
    area: int
    figures: Figures


@dataclass(frozen=True)
class Row:
    """One "name (code) children / money" item of a report's rows."""

    name: str
    code: str | None
    is_own: bool
    figures: Figures


@dataclass(frozen=True)
class Report:
    line: str
    kind: str
    year: int
    number: int
    boundaries: str
    dates: tuple[date, date] | None  # as the table writes them, when it does
    rows: tuple[Row, ...]
    total: Figures

    @property
    def label(self) -> str:
        return f"{self.kind}-{self.year}-{self.number}-{self.boundaries}"


@dataclass(frozen=True)
class AreaLine:
    boundaries: str
    areas: dict[int, tuple[Figures, frozenset[str]]]  # area number → (figures, record ids)


@dataclass(frozen=True)
class ByArea:
    unit_name: str
    year: int
    lines: tuple[AreaLine, ...]


@dataclass(frozen=True)
class Sight:
    """One line of "Who sees which records"."""

    officer_of: str  # a unit's display name, or THE_PROVINCE
    ended: date | None
    read_only: bool
    sees: frozenset[str]
    not_seen: frozenset[str]


@dataclass(frozen=True)
class NoRowsAfterMerge:
    """ "No row for A, B or C appears in any YEAR report: they ended on DAY ..."."""

    unit_names: tuple[str, ...]
    year: int
    ended: date


@dataclass(frozen=True)
class NoDistrictRow:
    """ "No district row appears in the YEAR annual report: the district level ended on DAY; X had
    no successor, so its own record G counts under the province."""

    year: int
    ended: date
    without_successor: str
    record_id: str


@dataclass(frozen=True)
class Golden:
    records: tuple[Record, ...]
    reports: tuple[Report, ...]
    by_area: ByArea
    sights: tuple[Sight, ...]
    no_rows_after_merge: NoRowsAfterMerge
    no_district_row: NoDistrictRow

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.records]


# -- small readers ---------------------------------------------------------------------------
_NUMBER = r"\d{1,3}(?:,\d{3})*"
_FIGURES = re.compile(rf"^(?P<children>{_NUMBER}) / (?P<money>{_NUMBER})$")


def _fail(what: str, text: str):
    raise AssertionError(f"golden-rollup.md: cannot read {what}: {text!r}")


def _match(pattern: str | re.Pattern, text: str, what: str) -> re.Match:
    m = re.fullmatch(pattern, text)
    if m is None:
        _fail(what, text)
    return m


def number(text: str) -> int:
    """ "1,000,000" → 1000000 (the file writes thousands with commas)."""
    return int(_match(_NUMBER, text, "a number").group().replace(",", ""))


def figures(text: str) -> Figures:
    m = _match(_FIGURES, text, '"children / money"')
    return Figures(number(m["children"]), number(m["money"]))


def dmy(text: str, default_year: int | None = None) -> date:
    m = _match(r"(\d\d)/(\d\d)(?:/(\d{4}))?", text, "a dd/mm[/yyyy] date")
    year = int(m[3]) if m[3] else default_year
    if year is None:
        _fail("a date with its year", text)
    return date(year, int(m[2]), int(m[1]))


def record_ids(text: str) -> frozenset[str]:
    """ "G1–G7", "G8, G9" → the ids."""
    out: set[str] = set()
    for part in text.split(", "):
        m = _match(r"G(\d+)(?:–G(\d+))?", part, "record ids")
        first, last = int(m[1]), int(m[2] or m[1])
        assert first <= last, f"golden-rollup.md: backwards range {part!r}"
        out |= {f"G{i}" for i in range(first, last + 1)}
    return frozenset(out)


_BOUNDARIES = {"calendar": CALENDAR, "Decree 09": DECREE_09}


def boundaries(text: str) -> str:
    if text not in _BOUNDARIES:
        _fail("the boundaries (calendar / Decree 09)", text)
    return _BOUNDARIES[text]


# -- tables ----------------------------------------------------------------------------------
def _cells(line: str) -> list[str]:
    assert line.startswith("|") and line.endswith("|"), f"golden-rollup.md: not a table line: {line!r}"
    return [c.strip() for c in line[1:-1].split("|")]


def _table_at(lines: list[str], i: int, header: list[str]) -> list[list[str]]:
    """The body of the table whose header line is lines[i], checked against `header`."""
    assert _cells(lines[i]) == header, f"golden-rollup.md: table header changed: {lines[i]!r}"
    assert re.fullmatch(r"\|(?:-+\|)+", lines[i + 1]), f"golden-rollup.md: no separator under {lines[i]!r}"
    body = []
    for line in lines[i + 2 :]:
        if not line.startswith("|"):
            break
        cells = _cells(line)
        assert len(cells) == len(header), f"golden-rollup.md: {len(cells)} cells, not {len(header)}: {line!r}"
        body.append(cells)
    assert body, f"golden-rollup.md: empty table under {lines[i]!r}"
    return body


def table_with_header(lines: list[str], header: list[str]) -> list[list[str]]:
    found = [i for i, line in enumerate(lines) if line.startswith("|") and _cells(line) == header]
    assert len(found) == 1, f"golden-rollup.md: {len(found)} tables headed {header}, not one"
    return _table_at(lines, found[0], header)


def table_under(lines: list[str], heading: str, header: list[str]) -> tuple[re.Match, list[list[str]]]:
    """The table right under the one "## ..." heading matching `heading` (a regex)."""
    found = [(i, m) for i, line in enumerate(lines) if (m := re.fullmatch(heading, line))]
    assert len(found) == 1, f"golden-rollup.md: {len(found)} headings matching {heading!r}, not one"
    i, m = found[0]
    return m, _table_at(lines, i + 1, header)


# -- the file's parts ------------------------------------------------------------------------
def _record(cells: list[str]) -> Record:
    gid, code, day, area, children, money = cells
    _match(r"G\d+", gid, "a record id")
    _match(r"[a-z0-9-]+", code, "a unit code")
    _match(r"\d{4}-\d\d-\d\d", day, "an ISO date")
    _match(r"[1-9]", area, "a content area number")
    return Record(gid, code, date.fromisoformat(day), int(area), Figures(number(children), number(money)))


_PERIODS = [
    (r"year (\d{4})", ANNUAL, 1),
    (r"Q([1-4]) (\d{4})", QUARTERLY, None),
    (r"6 months (\d{4})", SIX_MONTHLY, 1),
]


def _period(text: str) -> tuple[str, int, int]:
    for pattern, kind, number_ in _PERIODS:
        if m := re.fullmatch(pattern, text):
            return (kind, int(m[1]), 1) if number_ else (kind, int(m[2]), int(m[1]))
    _fail("the period", text)


_ROW = re.compile(rf"^(?P<name>.+?)(?: \((?P<code>[a-z0-9-]+)\))? (?P<figures>{_NUMBER} / {_NUMBER})$")


def _row(text: str) -> Row:
    m = _match(_ROW, text, "a report row")
    return Row(m["name"], m["code"], m["name"] == OWN_ROW, figures(m["figures"]))


def _reports(cells: list[str]) -> list[Report]:
    """One table line; "calendar, and Decree 09" is two reports with the same figures."""
    period, bounds_text, rows_text, total = cells
    kind, year, number_ = _period(period)
    rows = tuple(_row(item) for item in rows_text.split("; "))
    out = []
    for part in re.split(r", and |, ", bounds_text):
        m = _match(r"(calendar|Decree 09)(?::? (\S+)–(\S+))?", part, "the boundaries")
        dates = None
        if m[2]:
            end = dmy(m[3], year)
            start = dmy(m[2], year)
            if start > end:  # a Decree 09 period written without years starts the year before
                start = start.replace(year=start.year - 1)
            dates = (start, end)
        out.append(
            Report(" | ".join(cells), kind, year, number_, boundaries(m[1]), dates, rows, figures(total))
        )
    return out


def _area_line(header: list[str], cells: list[str]) -> AreaLine:
    areas = {}
    for title, cell in zip(header[1:], cells[1:], strict=True):
        area = int(_match(r"area (\d)", title, "an area column")[1])
        m = _match(rf"({_NUMBER} / {_NUMBER}) \((.+)\)", cell, '"children / money (G-ids)"')
        areas[area] = (figures(m[1]), record_ids(m[2]))
    return AreaLine(boundaries(cells[0]), areas)


def _sight(cells: list[str], all_ids: frozenset[str]) -> Sight:
    officer_text, sees_text = cells
    m = _match(r"(?P<name>.+?)(?: \((?P<note>.+)\))?", officer_text, "the officer's unit")
    ended, read_only = None, False
    for note in m["note"].split(", ") if m["note"] else []:
        if note == "read-only":
            read_only = True
        elif n := re.fullmatch(r"unit ended (\S+)", note):
            ended = dmy(n[1])
        else:
            _fail("a note on the officer's unit", note)
    if sees_text == "all":
        sees, not_seen = all_ids, frozenset()
    else:
        s = _match(r"(?P<sees>.+?)(?: — not (?P<not>.+))?", sees_text, "what an officer sees")
        sees, not_seen = record_ids(s["sees"]), record_ids(s["not"]) if s["not"] else frozenset()
    assert sees | not_seen <= all_ids, f"golden-rollup.md: unknown records in {sees_text!r}"
    return Sight(m["name"], ended, read_only, sees, not_seen)


def _sentences(text: str) -> tuple[NoRowsAfterMerge, NoDistrictRow]:
    prose = " ".join(text.split())  # the file wraps its sentences
    m = re.search(
        r"No row for (?P<names>[^:]+?) appears in any (?P<year>\d{4}) report: they ended on (?P<day>\S+) "
        r"and their records are reported by their successors\.",
        prose,
    )
    assert m, "golden-rollup.md: the sentence 'No row for ... appears in any ... report' is not there"
    names = tuple(re.split(r", | or ", m["names"]))
    merged = NoRowsAfterMerge(names, int(m["year"]), dmy(m["day"]))
    m = re.search(
        r"No district row appears in the (?P<year>\d{4}) annual report: the district level ended on "
        r"(?P<day>\S+); (?P<unit>.+?) had no successor, so its own record (?P<gid>G\d+) counts under the province\.",
        prose,
    )
    assert m, "golden-rollup.md: the sentence 'No district row appears in ...' is not there"
    return merged, NoDistrictRow(int(m["year"]), dmy(m["day"]), m["unit"], m["gid"])


def load(path: Path = GOLDEN_MD) -> Golden:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()

    records = tuple(
        _record(c)
        for c in table_with_header(lines, ["id", "unit", "date", "area", "children", "money (VND)"])
    )
    ids = [r.id for r in records]
    assert len(set(ids)) == len(ids), f"golden-rollup.md: a record id twice in {ids}"
    all_ids = frozenset(ids)

    _, body = table_under(
        lines,
        r"## Provincial reports: rows by reporting unit \(children / money\)",
        ["period", "boundaries", "rows", "province total"],
    )
    reports = tuple(report for cells in body for report in _reports(cells))

    header = ["boundaries", "area 2", "area 4"]
    m, body = table_under(lines, r"## By content area, (.+), year (\d{4})", header)
    by_area = ByArea(m[1], int(m[2]), tuple(_area_line(header, cells) for cells in body))
    for line in by_area.lines:
        for _figures, gids in line.areas.values():
            assert gids <= all_ids, f"golden-rollup.md: unknown records {sorted(gids - all_ids)}"

    _, body = table_under(lines, r"## Who sees which records", ["officer of", "sees"])
    sights = tuple(_sight(cells, all_ids) for cells in body)

    return Golden(records, reports, by_area, sights, *_sentences(text))
