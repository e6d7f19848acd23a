"""What a report shows, as one document model shared by the page, XLSX, DOCX and PDF.

build_document() lays out a report from its rows (reports/data.py): figures by content area with
the number of activities, the target-group "of which" lines, the same period last year, the
matrix of reporting units, the sections other apps add (computed on the same rows), the narrative
and the heading (number, date, recipients, signer). It is plain JSON: approval stores it on the
report once (Report.document) and every output of an approved report renders that stored copy,
whatever changes afterwards. What has changed since shows beside it as "Hiện tại" (current),
computed the same way from the live rows, with the list of changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from childprog.periods import previous_year

from .compile import compile_provincial
from .data import ReportData, Row, rows_from_json, rows_from_rollup, rows_to_json
from .extras import report_sections
from .models import Report
from .rollup import Key, RollUp, rollup_for_period
from .tables import Reference, vnd

DOCUMENT_VERSION = 2


# -- the rows of a report, and last year's figures on the same rows ------------------------------
@dataclass
class Source:
    """A report's rows as they are now (live) or as frozen on submit."""

    rows: list[Row]
    missing: list[dict]
    previous: dict[Key, int] | None = None
    previous_note: str = ""
    rollup: RollUp | None = field(default=None, repr=False)
    last_year_approved: list | None = field(default=None, repr=False)

    @property
    def data(self) -> ReportData:
        return ReportData(self.rows)


def live_source(report, *, with_previous=True, compiled=None, keys=None) -> Source:
    """The report's rows now: a district's roll-up, or the province's compilation of approved
    district reports plus its own records."""
    period = report.period
    if report.is_provincial:
        compiled = compiled or compile_provincial(period, report.unit, keys=keys)
        rows = compiled.rows
        missing = [{"id": p.unit_id, "name": p.name} for p in compiled.missing]
        r = compiled.rollup
        last_year = compiled.last_year_approved
    else:
        last_year = None
        r = rollup_for_period(report.unit, period, keys=keys)
        rows = rows_from_rollup(r)
        missing = []
    source = Source(rows, missing, rollup=r, last_year_approved=last_year)
    if with_previous:
        source.previous, source.previous_note = previous_on_rows(
            report, rows, r, frozen=False, approved=last_year
        )
    return source


def frozen_source(report) -> Source:
    snap = report.snapshot or {}
    previous = None
    if "previous" in snap:
        previous = {Key(a, i, g): v for a, i, g, v in snap["previous"]}
    return Source(rows_from_json(snap), snap.get("missing", []), previous, snap.get("previous_note", ""))


def _approved_cells(reports, keys) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for rep in reports:
        for row in rows_from_json(rep.snapshot or {}):
            for (a, i, g), v in row.cells.items():
                key = Key(a, i, g) if keys is None else keys.key(a, i, g)
                if key is not None:
                    out[key] = out.get(key, 0) + v
    return out


def previous_on_rows(
    report, rows: list[Row], r: RollUp, *, frozen: bool, approved: list | None = None
) -> tuple[dict[Key, int], str]:
    """The same period last year on this period's boundaries, on the same rows and in the same
    state: rows drawn from approved reports compare with last year's approved reports of the units
    they stand for; rows of live records with last year's records of the same units.

    For the provincial report the district rows are approved figures; its own row is live. A
    district report being submitted (frozen) compares with last year's approved report(s) of the
    units it stands for when there are any, otherwise with last year's records."""
    period = report.period
    start, end = previous_year((period.start, period.end))
    span = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    if report.is_provincial:
        # Only the province's own row is counted live; its districts' rows come from reports.
        own = {u: row for u, row in r.attribution.items() if row == report.unit_id}
        r_own = RollUp(r.unit, r.start, r.end, as_of=r.as_of, graph=r.graph, attribution=own, keys=r.keys)
        last = r_own.previous
    else:
        last = r.previous
    row_ids = {row.id for row in rows}
    if approved is not None:
        approved = [rep for rep in approved if rep.unit_id in r.attribution]
    elif report.is_provincial or frozen:
        # Last year's period of the same kind on these boundaries, in whichever program.
        approved = list(
            Report.objects.filter(
                period__kind=period.kind,
                period__start=start,
                period__end=end,
                status=Report.Status.APPROVED,
                unit_id__in=list(r.attribution),
            ).select_related("unit")
        )
    else:
        approved = []
    if report.is_provincial:
        # Last year's approved reports of the units each of this year's included rows stands for.
        included = {row.id for row in rows if not row.own}
        picked = [rep for rep in approved if r.attribution.get(rep.unit_id) in included]
        cells = _approved_cells(picked, r.keys)
        for k, v in last.by_row.get(report.unit_id, {}).items():
            cells[k] = cells.get(k, 0) + v
        note = _(
            "Cùng kỳ năm trước (%(span)s): số liệu đã duyệt năm trước của chính các đơn vị có trong "
            "báo cáo này (%(n)s báo cáo) cộng hoạt động của %(unit)s."
        ) % {"span": span, "n": len(picked), "unit": report.unit.name}
        return cells, note
    # The topmost units with an approved report last year (not their grassroots units' too).
    topmost = [rep for rep in approved if rep.unit.parent_id not in r.attribution]
    if topmost:
        note = _(
            "Cùng kỳ năm trước (%(span)s): số liệu đã duyệt năm trước của %(units)s, cùng trạng thái "
            "với số liệu đã chốt của báo cáo này."
        ) % {"span": span, "units": ", ".join(rep.unit.name for rep in topmost)}
        return _approved_cells(topmost, r.keys), note
    cells: dict[Key, int] = {}
    for row_id, row_cells in last.by_row.items():
        if row_id in row_ids:
            for k, v in row_cells.items():
                cells[k] = cells.get(k, 0) + v
    note = _(
        "Cùng kỳ năm trước (%(span)s): các hoạt động đã ghi năm trước của cùng các đơn vị, tính "
        "theo địa giới của kỳ này."
    ) % {"span": span}
    return cells, note


def submit_snapshot(report) -> dict:
    """What submit freezes: the rows with every breakdown, last year's figures, the narrative."""
    source = live_source(report, with_previous=False)
    out = rows_to_json(source.rows)
    previous, note = previous_on_rows(
        report, source.rows, source.rollup, frozen=True, approved=source.last_year_approved
    )
    out.update(
        start=report.period.start.isoformat(),
        end=report.period.end.isoformat(),
        missing=source.missing,
        previous=[
            [*k, v] for k, v in sorted(previous.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0))
        ],
        previous_note=note,
        narrative={f: getattr(report, f) for f, _l in Report.SECTIONS},
    )
    return out


# -- the document ----------------------------------------------------------------------------------
def _heading(report) -> dict:
    from .documents.common import heading

    h = heading(report)
    return {
        "issuer_parent": h.issuer_parent,
        "issuer": h.issuer,
        "number": h.number,
        "place_date": h.place_date,
        "title": h.title,
        "subtitle": h.subtitle,
        "recipients": h.recipients,
        "signer_capacity": h.signer_capacity,
        "signer_title": h.signer_title,
        "signer_name": h.signer_name,
    }


def build_document(report, source: Source, *, ref: Reference | None = None, with_heading=True) -> dict:
    """The report laid out (JSON). The page reads its heading from the report itself, so it asks
    for none; documents and approval do."""
    ref = ref or Reference.load(report.period.program)
    data = source.data
    data.ref = ref
    totals = data.totals
    previous = source.previous
    areas = []
    for area in ref.areas:
        lines = []
        for ind in ref.indicators_of(area):
            key = Key(area.pk, ind.pk, None)
            value = totals.get(key, 0)
            prev = previous.get(key, 0) if previous is not None else None
            if not (value or prev):
                continue
            groups = [
                [ref.groups[k.target_group_id].name, v]
                for k, v in sorted(totals.items(), key=lambda kv: kv[0].target_group_id or 0)
                if k.content_area_id == area.pk
                and k.indicator_id == ind.pk
                and k.target_group_id in ref.groups
                and v
            ]
            lines.append(
                {"indicator": ind.pk, "name": ind.name, "value": value, "previous": prev, "groups": groups}
            )
        areas.append(
            {
                "id": area.pk,
                "number": area.number,
                "name": area.name,
                "activities": data.activities(content_area=area.pk),
                "lines": lines,
            }
        )
    inds = ref.summary_indicators
    matrix = {
        "headers": [_("Đơn vị"), *[i.name for i in inds], _("Số hoạt động")],
        "measures": [i.measure for i in inds] + ["count"],
        "rows": [
            {
                "id": row.id,
                "name": row.name,
                "own": row.own,
                "values": [
                    *[ReportData._sum(row.cells, i.pk) for i in inds],
                    sum(row.activities.values()),
                ],
            }
            for row in source.rows
        ],
    }
    sections = [_activities_section(ref, source.rows, data)]
    for s in report_sections(report.unit, report.period, data):
        sections.append({"title": str(s.title), "headers": [str(h) for h in s.headers], "rows": s.rows})
    return {
        "version": DOCUMENT_VERSION,
        "heading": _heading(report) if with_heading else {},
        "narrative": [[f, str(label), getattr(report, f)] for f, label in Report.SECTIONS],
        "areas": areas,
        "previous_note": source.previous_note,
        "matrix": matrix,
        "missing": [m["name"] for m in source.missing],
        "sections": [s for s in sections if s is not None],
        "data": rows_to_json(source.rows),
    }


def _activities_section(ref, rows, data) -> dict | None:
    """The number of activities organised, per reporting row and content area."""
    if not data.activities():
        return None
    body = [
        [row.name, *[row.activities.get(a.pk, 0) for a in ref.areas], sum(row.activities.values())]
        for row in rows
    ]
    body.append([_("Tổng cộng"), *[data.activities(content_area=a.pk) for a in ref.areas], data.activities()])
    return {
        "title": _("Số hoạt động đã tổ chức theo nội dung"),
        "headers": [_("Đơn vị"), *[_("Nội dung %(n)s") % {"n": a.number} for a in ref.areas], _("Tổng số")],
        "rows": body,
    }


# -- what the outputs read: the document, and beside it what is current -----------------------------
@dataclass
class Cell:
    value: object
    current: object = None  # the live value, when it differs from a frozen one

    @property
    def changed(self):
        return self.current is not None


@dataclass
class LineView:
    indicator: int
    name: str
    value: int
    previous: int | None
    current: int | None
    groups: list[tuple[str, int, int | None]]

    @property
    def changed(self):
        return self.current is not None


@dataclass
class AreaView:
    id: int
    number: int
    name: str
    activities: int
    activities_current: int | None
    lines: list[LineView]
    changes: list[str] = field(default_factory=list)  # what differs since approval, in this area

    @property
    def anchor(self):
        return f"area-{self.id}"

    @property
    def has_current_column(self):
        """Only a table whose own figures moved shows the "Hiện tại" column."""
        return any(line.changed or any(g[2] is not None for g in line.groups) for line in self.lines)


@dataclass
class SectionView:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    changes: list[str] = field(default_factory=list)
    anchor: str = ""


@dataclass
class ChangedPlace:
    """A table of the report whose figures differ from the approved ones, with what changed."""

    anchor: str
    title: str
    changes: list[str]


@dataclass
class ReportFigures:
    frozen: bool  # figures frozen on submit
    approved: bool  # the whole document frozen on approval
    document: dict
    areas: list[AreaView]
    matrix_headers: list[str]
    matrix_measures: list[str]
    matrix: list[tuple[dict, list[Cell]]]
    missing: list[str]
    sections: list[SectionView]
    changes: list[str] = field(default_factory=list)
    corrections: list = field(default_factory=list)
    matrix_changes: list[str] = field(default_factory=list)
    other_changes: list[str] = field(default_factory=list)  # sections added since approval

    @property
    def heading(self) -> dict:
        return self.document["heading"]

    @property
    def narrative(self):
        return self.document["narrative"]

    @property
    def previous_note(self):
        return self.document.get("previous_note", "")

    @property
    def rows(self):
        return [row for row, _cells in self.matrix]

    @property
    def totals(self) -> dict[Key, int]:
        return ReportData(rows_from_json(self.document["data"])).totals

    @property
    def has_changes(self):
        return bool(self.changes)

    MATRIX_ANCHOR = "by-unit"

    @property
    def changed_places(self) -> list[ChangedPlace]:
        """The tables that changed since approval, in the page's order (for the summary on top)."""
        places = [ChangedPlace(a.anchor, f"{a.number}. {a.name}", a.changes) for a in self.areas if a.changes]
        if self.matrix_changes:
            places.append(ChangedPlace(self.MATRIX_ANCHOR, _("Theo đơn vị báo cáo"), self.matrix_changes))
        places += [ChangedPlace(s.anchor, s.title, s.changes) for s in self.sections if s.changes]
        if self.other_changes:
            places.append(ChangedPlace("", _("Phần mới"), self.other_changes))
        return places


def _differs(frozen, live):
    return live is not None and live != frozen


def view_of(doc: dict, live: dict | None = None) -> ReportFigures:
    """The document with, where live differs, the current value beside and a list of changes."""
    changes: list[str] = []
    live_areas = {a["id"]: a for a in (live or {}).get("areas", [])}
    areas = []
    for a in doc["areas"]:
        area_changes: list[str] = []
        la = live_areas.get(a["id"]) if live is not None else None
        live_lines = {line["indicator"]: line for line in (la or {}).get("lines", [])}
        lines = []
        for line in a["lines"]:
            cur = None
            live_groups = {}
            if live is not None:
                ll = live_lines.get(line["indicator"], {"value": 0, "groups": []})
                live_groups = {n: v for n, v in ll["groups"]}
                if ll["value"] != line["value"]:
                    cur = ll["value"]
                    area_changes.append(f"{line['name']}: {vnd(line['value'])} → {vnd(cur)}")
            groups = []
            for name, v in line["groups"]:
                gcur = live_groups.get(name, 0) if live is not None else None
                gcur = gcur if _differs(v, gcur) else None
                groups.append((name, v, gcur))
                if gcur is not None:
                    area_changes.append(f"{line['name']} · {_('trong đó')}: {name}: {vnd(v)} → {vnd(gcur)}")
            lines.append(
                LineView(line["indicator"], line["name"], line["value"], line["previous"], cur, groups)
            )
        if live is not None:
            known = {line["indicator"] for line in a["lines"]}
            for ind, ll in live_lines.items():
                if ind not in known and ll["value"]:
                    # Not added to the frozen table (its layout is frozen too): listed as a change.
                    area_changes.append(f"{ll['name']}: 0 → {vnd(ll['value'])}")
        act_cur = None
        if la is not None and la["activities"] != a["activities"]:
            act_cur = la["activities"]
            area_changes.append(
                _("Số hoạt động: %(a)s → %(b)s") % {"a": vnd(a["activities"]), "b": vnd(act_cur)}
            )
        changes.extend(f"{a['number']}. {c}" for c in area_changes)
        areas.append(AreaView(a["id"], a["number"], a["name"], a["activities"], act_cur, lines, area_changes))

    m = doc["matrix"]
    live_rows = {r["id"]: r["values"] for r in (live or {}).get("matrix", {}).get("rows", [])}
    matrix = []
    matrix_changes: list[str] = []
    for row in m["rows"]:
        cur = live_rows.get(row["id"]) if live is not None else None
        cells = []
        for i, v in enumerate(row["values"]):
            c = None
            if live is not None:
                c = cur[i] if cur is not None else 0
                if c == v:
                    c = None
                else:
                    matrix_changes.append(f"{row['name']} · {m['headers'][i + 1]}: {vnd(v)} → {vnd(c)}")
            cells.append(Cell(v, c))
        matrix.append((row, cells))
    if live is not None:
        for row in live.get("matrix", {}).get("rows", []):
            if row["id"] not in {r["id"] for r in m["rows"]} and any(row["values"]):
                matrix_changes.append(
                    _("%(name)s: có số liệu mới, chưa có trong báo cáo đã duyệt") % {"name": row["name"]}
                )
    changes.extend(matrix_changes)

    live_sections = {s["title"]: s for s in (live or {}).get("sections", [])}
    sections = []
    for number, s in enumerate(doc["sections"], start=1):
        section_changes: list[str] = []
        ls = live_sections.get(s["title"]) if live is not None else None
        live_by_label = {_row_label(r): r for r in (ls or {}).get("rows", [])}
        rows = []
        for r in s["rows"]:
            label = _row_label(r)
            lr = live_by_label.get(label) if live is not None else None
            cells = [Cell(v) for v in label]
            for i, v in enumerate(r[len(label) :], start=len(label)):
                c = None
                if live is not None:
                    c = lr[i] if lr is not None and i < len(lr) else ("" if isinstance(v, str) else 0)
                    if c == v:
                        c = None
                    else:
                        where = " · ".join(str(x) for x in label if x)
                        section_changes.append(f"{where} · {s['headers'][i]}: {_fmt(v)} → {_fmt(c)}")
                cells.append(Cell(v, c))
            rows.append(cells)
        changes.extend(f"{s['title']} · {c}" for c in section_changes)
        sections.append(SectionView(s["title"], s["headers"], rows, section_changes, f"section-{number}"))
    other_changes: list[str] = []
    if live is not None:
        for title in live_sections:
            if title not in {s["title"] for s in doc["sections"]}:
                other_changes.append(
                    _("%(title)s: phần mới, chưa có trong báo cáo đã duyệt") % {"title": title}
                )
    changes.extend(other_changes)
    return ReportFigures(
        frozen=False,
        approved=False,
        document=doc,
        areas=areas,
        matrix_headers=m["headers"],
        matrix_measures=m.get("measures", []),
        matrix=matrix,
        missing=doc.get("missing", []),
        sections=sections,
        changes=changes,
        matrix_changes=matrix_changes,
        other_changes=other_changes,
    )


def _row_label(row) -> tuple:
    """The leading text cells that name a section's row (e.g. indicator and scope)."""
    label = []
    for v in row:
        if not isinstance(v, str):
            break
        label.append(v)
    return tuple(label[: max(1, len(row) - 1)]) if label else tuple(row[:1])


def _fmt(v):
    return vnd(v) if isinstance(v, int) else str(v)


def report_figures(report, *, compiled=None, with_heading=True) -> ReportFigures:
    """The page's, XLSX's and DOCX's view of a report. Approved: the stored document, with what is
    current beside it. Submitted: the frozen rows laid out now. Draft or returned: live rows."""
    ref, keys = Reference.load_with_keys(report.period.program)
    corrections = []
    if report.status == Report.Status.APPROVED and report.document:
        source = live_source(report, with_previous=False, compiled=compiled, keys=keys)
        # Last year's column is frozen too: the live copy only compares this period's figures.
        live = build_document(report, source, ref=ref, with_heading=False)
        fig = view_of(report.document, live)
        fig.approved = True
        if fig.has_changes and not report.is_provincial:
            corrections = list(
                source.rollup.records().filter(
                    corrected_after_approval=True, updated_at__gt=report.approved_at
                )
            )
    elif report.snapshot is not None and not report.is_editable:
        fig = view_of(build_document(report, frozen_source(report), ref=ref, with_heading=with_heading))
    else:
        # A returned (or reopened) report is being corrected: it shows live figures again, and
        # the next submit freezes them anew.
        source = live_source(report, compiled=compiled, keys=keys)
        fig = view_of(build_document(report, source, ref=ref, with_heading=with_heading))
    fig.frozen = report.snapshot is not None and not report.is_editable
    fig.corrections = corrections
    return fig


def approval_document(report) -> dict:
    """The document approval stores: the rows frozen on submit, laid out with today's heading."""
    doc = build_document(report, frozen_source(report))
    doc["approved_on"] = timezone.localdate().isoformat()
    return doc
