"""How the portal keeps the units' history (docs/units-and-history.md):
carrying forward, the structure on a date, the
attribution rule of a report and who sees what — on the real Cao Bằng files."""

from childprog.history import UnitGraph

from .conftest import d


def code_of(graph, unit_id):
    return graph.nodes[unit_id].code


def carry(graph, code, day):
    return code_of(graph, graph.carry_forward(graph.by_code[code].id, day))


def test_a_unit_valid_on_the_date_is_not_carried(reformed_units):
    graph = UnitGraph.build()
    assert carry(graph, "phuc-hoa", d("29/02/2020")) == "phuc-hoa"


def test_a_merged_district_is_carried_to_its_primary_successor(reformed_units):
    graph = UnitGraph.build()
    assert carry(graph, "phuc-hoa", d("01/03/2020")) == "quang-hoa"
    assert carry(graph, "thong-nong", d("31/12/2020")) == "ha-quang"


def test_a_dissolved_district_goes_to_its_primary_successor_only(reformed_units):
    graph = UnitGraph.build()
    assert carry(graph, "tra-linh", d("01/03/2020")) == "trung-khanh"


def test_a_moved_town_follows_its_successor_rows(reformed_units):
    graph = UnitGraph.build()
    assert carry(graph, "phuc-hoa-ta-lung", d("15/12/2020")) == "quang-hoa-ta-lung"
    assert carry(graph, "phuc-hoa-ta-lung", d("31/12/2025")) == "quang-hoa-ta-lung-2025"


def test_a_unit_without_successor_is_carried_to_its_parent(reformed_units):
    graph = UnitGraph.build()
    assert carry(graph, "hoa-an", d("01/07/2025")) == "cao-bang"
    # Thông Nông → Hà Quảng, which ended in 2025 without successor → the province.
    assert carry(graph, "thong-nong", d("31/12/2025")) == "cao-bang"


def test_the_structure_on_a_date(reformed_units):
    graph = UnitGraph.build()
    province = graph.by_code["cao-bang"].id

    def districts(day):
        return {code_of(graph, i) for i in graph.structure_on(day)[province]}

    before = districts(d("29/02/2020"))
    assert len(before) == 13 and "thong-nong" in before and "quang-hoa" not in before
    after = districts(d("01/03/2020"))
    assert len(after) == 10 and "quang-hoa" in after and "phuc-hoa" not in after
    # After 1 July 2025 the province's children are the commune-level unions, no district.
    reform = districts(d("01/07/2025"))
    assert "hoa-an" not in reform and "hoa-an-tt-2025" in reform
    assert all(graph.by_code[c].kind not in {"district", "city"} for c in reform)


def attribution(graph, code, day):
    rows = graph.attribution(graph.by_code[code].id, day)
    return {code_of(graph, k): code_of(graph, v) for k, v in rows.items()}


def test_a_report_counts_predecessors_records_under_the_unit_valid_on_the_last_day(reformed_units):
    graph = UnitGraph.build()
    rows = attribution(graph, "cao-bang", d("31/12/2020"))
    assert rows["phuc-hoa"] == "quang-hoa"
    assert rows["quang-uyen-tt"] == "quang-hoa"
    assert rows["thong-nong"] == "ha-quang"
    assert rows["cao-bang"] == "cao-bang"
    assert "phuc-hoa" not in set(rows.values())


def test_in_2025_districts_records_count_under_the_province(reformed_units):
    graph = UnitGraph.build()
    rows = attribution(graph, "cao-bang", d("31/12/2025"))
    assert rows["hoa-an"] == "cao-bang"
    assert rows["hoa-an-tt"] == "hoa-an-tt-2025"
    assert not {c for c in set(rows.values()) if graph.by_code[c].kind == "district"}


def test_a_district_report_counts_only_its_own_subtree(reformed_units):
    graph = UnitGraph.build()
    rows = attribution(graph, "quang-hoa", d("31/12/2020"))
    assert set(rows) == {
        "quang-hoa",
        "phuc-hoa",
        "quang-uyen",
        "phuc-hoa-hoa-thuan",
        "phuc-hoa-ta-lung",
        "quang-uyen-tt",
        "quang-hoa-hoa-thuan",
        "quang-hoa-ta-lung",
        "quang-hoa-quang-uyen",
    }
    # Trà Lĩnh's primary successor is Trùng Khánh: its records are not Quảng Hòa's.
    assert "tra-linh" not in rows
    assert rows["phuc-hoa-ta-lung"] == "quang-hoa-ta-lung"
    assert rows["phuc-hoa"] == "quang-hoa"


def test_officers_see_their_subtree_and_what_was_carried_into_it(reformed_units):
    graph = UnitGraph.build()

    def visible(code):
        return {code_of(graph, i) for i in graph.visible_from(graph.by_code[code].id)}

    ha_quang = visible("ha-quang")
    assert {"ha-quang", "thong-nong", "thong-nong-tt", "ha-quang-thong-nong"} <= ha_quang
    # After 2025 the town's new row is under the province, not Hà Quảng's history.
    assert "ha-quang-thong-nong-2025" not in ha_quang
    assert "quang-hoa" not in ha_quang
    hoa_an = visible("hoa-an")
    assert "hoa-an-tt" in hoa_an and "hoa-an-tt-2025" not in hoa_an
    assert len(visible("cao-bang")) == len(graph.nodes)


def test_the_graph_is_cached_until_a_unit_changes(reformed_units, django_assert_max_num_queries):
    UnitGraph.load()
    with django_assert_max_num_queries(2):
        UnitGraph.load()
    unit = reformed_units["hoa-an"]
    unit.name = "Huyện Đoàn Hòa An (sửa)"
    unit.save()
    assert UnitGraph.load().by_code["hoa-an"].name == "Huyện Đoàn Hòa An (sửa)"
