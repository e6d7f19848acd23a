"""How the portal keeps the units' history (docs/units-and-history.md), once, as plain functions.

The whole unit graph (a few hundred rows even with every commune) is loaded in two queries and
cached; the rules then walk it in memory. Records are never walked: they are aggregated by the
database, filtered by the sets of unit ids these rules compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.cache import cache
from django.db.models import CharField, Count, Max, Value

from .models import Succession, Unit


@dataclass(frozen=True)
class UnitNode:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None
    path: str
    depth: int

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


@dataclass
class UnitGraph:
    nodes: dict[int, UnitNode]
    primary_successor: dict[int, int] = field(default_factory=dict)
    successors: dict[int, list[int]] = field(default_factory=dict)

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls) -> UnitGraph:
        """The current graph, rebuilt only when a unit or succession row has changed."""

        # One query for both tables' stamps (pages that count their queries load the graph).
        def part(model, tag):
            return (
                model.objects.order_by()
                .annotate(tag=Value(tag, output_field=CharField()))
                .values("tag")
                .annotate(n=Count("id"), t=Max("updated_at"))
                .values_list("tag", "n", "t")
            )

        rows = {tag: (n, t) for tag, n, t in part(Unit, "u").union(part(Succession, "s"), all=True)}
        (un, ut), (ln, lt) = rows.get("u", (0, None)), rows.get("s", (0, None))
        stamp = [un, ut, ln, lt]
        key = "unit-graph-" + "-".join(str(x.timestamp() if hasattr(x, "timestamp") else x) for x in stamp)
        graph = cache.get(key)
        if graph is None:
            graph = cls.build()
            cache.set(key, graph, 3600)
        return graph

    @classmethod
    def build(cls) -> UnitGraph:
        fields = ("id", "code", "name", "kind", "parent_id", "valid_from", "valid_to", "path", "depth")
        nodes = {row[0]: UnitNode(*row) for row in Unit.objects.values_list(*fields)}
        graph = cls(nodes)
        for pred, succ, primary in Succession.objects.values_list(
            "predecessor_id", "successor_id", "is_primary"
        ).order_by("-is_primary", "id"):
            graph.successors.setdefault(pred, []).append(succ)
            if primary:
                graph.primary_successor[pred] = succ
        return graph

    @cached_property
    def by_code(self) -> dict[str, UnitNode]:
        return {n.code: n for n in self.nodes.values()}

    @cached_property
    def children(self) -> dict[int | None, list[int]]:
        out: dict[int | None, list[int]] = {}
        for n in sorted(self.nodes.values(), key=lambda n: n.path):
            out.setdefault(n.parent_id, []).append(n.id)
        return out

    # -- the rules -----------------------------------------------------------------------------
    def carry_forward(self, unit_id: int, day: date) -> int:
        """While the unit's last valid day is before `day`, replace it by its primary
        successor; when it has none, by its parent (carried forward in turn)."""
        seen = set()
        node = self.nodes[unit_id]
        while node.valid_to is not None and node.valid_to < day:
            if node.id in seen:  # imports refuse cycles; never loop on bad data all the same
                break
            seen.add(node.id)
            nxt = self.primary_successor.get(node.id, node.parent_id)
            if nxt is None:
                break
            node = self.nodes[nxt]
        return node.id

    def lineage(self, unit_id: int) -> list[int]:
        """Every row a unit's records pass through as it is carried forward over time."""
        out, node = [unit_id], self.nodes[unit_id]
        while node.valid_to is not None:
            nxt = self.primary_successor.get(node.id, node.parent_id)
            if nxt is None or nxt in out:
                break
            out.append(nxt)
            node = self.nodes[nxt]
        return out

    def structure_on(self, day: date) -> dict[int | None, list[int]]:
        """The tree as it stood on `day`: parent id → ids of its children valid that day."""
        out: dict[int | None, list[int]] = {}
        for n in sorted(self.nodes.values(), key=lambda n: n.path):
            if n.is_valid_on(day):
                out.setdefault(n.parent_id, []).append(n.id)
        return out

    def reporting_children(self, unit_id: int, day: date) -> list[int]:
        """The units that report to `unit_id` for a period ending on `day`."""
        return [c for c in self.children.get(unit_id, []) if self.nodes[c].is_valid_on(day)]

    def attribution(self, unit_id: int, day: date) -> dict[int, int]:
        """The attribution rule (docs/units-and-history.md): every unit row whose records count in U's
        report for a period ending `day`, mapped to the row of the report it counts in — one of
        U's reporting children, or U itself for its own records and those of ended children
        that have no successor."""
        root = self.nodes[unit_id]
        rows = {c: self.nodes[c].path for c in self.reporting_children(unit_id, day)}
        out = {}
        for node in self.nodes.values():
            target = self.nodes[self.carry_forward(node.id, day)]
            if not target.path.startswith(root.path) or not target.is_valid_on(day):
                continue
            out[node.id] = next((c for c, p in rows.items() if target.path.startswith(p)), root.id)
        return out

    def visible_from(self, unit_id: int) -> set[int]:
        """Who sees what (docs/visibility.md): the unit's subtree (every row ever under it) and every row
        carried forward into that subtree at some time (Hà Quảng sees Thông Nông's past)."""
        root_path = self.nodes[unit_id].path
        return {
            n.id
            for n in self.nodes.values()
            if any(self.nodes[x].path.startswith(root_path) for x in self.lineage(n.id))
        }
