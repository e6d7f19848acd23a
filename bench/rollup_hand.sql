-- The annual roll-up of one unit, written by hand as one query: what reports.rollup.rollup(unit,
-- start, end) returns, computed entirely by PostgreSQL. Parameters: %(unit)s (the unit's id),
-- %(start)s and %(end)s (the period; records are attributed as on its last day).
--
-- carry:  every unit row carried forward to the day (primary successor, else parent, while
--         the row ended before the day), walked by a recursive CTE;
-- target: where each row lands, if that unit is valid on the day and inside the unit's subtree;
-- rows:   the unit's reporting children on the day; a record counts in the child whose subtree
--         holds its target, else in the unit's own row.
WITH RECURSIVE carry(origin, cur, steps) AS (
    SELECT u.id, u.id, 0 FROM childprog_unit u
  UNION ALL
    SELECT c.origin, COALESCE(s.successor_id, u.parent_id), c.steps + 1
    FROM carry c
    JOIN childprog_unit u ON u.id = c.cur
    LEFT JOIN childprog_succession s ON s.predecessor_id = u.id AND s.is_primary
    WHERE u.valid_to < %(end)s AND COALESCE(s.successor_id, u.parent_id) IS NOT NULL AND c.steps < 50
),
root AS (SELECT id, path FROM childprog_unit WHERE id = %(unit)s),
target AS (
    SELECT c.origin AS unit_id, t.path
    FROM carry c
    JOIN childprog_unit t ON t.id = c.cur
    CROSS JOIN root
    WHERE t.valid_from <= %(end)s AND (t.valid_to IS NULL OR t.valid_to >= %(end)s)
      AND left(t.path, length(root.path)) = root.path
),
rows AS (
    SELECT u.id, u.path
    FROM childprog_unit u
    WHERE u.parent_id = %(unit)s
      AND u.valid_from <= %(end)s AND (u.valid_to IS NULL OR u.valid_to >= %(end)s)
),
attribution AS MATERIALIZED (
    SELECT t.unit_id, COALESCE(
        (SELECT r.id FROM rows r WHERE left(t.path, length(r.path)) = r.path ORDER BY r.path LIMIT 1),
        %(unit)s
    ) AS row_id
    FROM target t
)
-- The figures of the period summed by unit row first (the carry-forward map is per unit row, a
-- few hundred), then by reporting row.
SELECT a.row_id, g.content_area_id, g.indicator_id, g.target_group_id, SUM(g.total) AS total
FROM (
    SELECT f.unit_id, f.content_area_id, f.indicator_id, f.target_group_id, SUM(f.value) AS total
    FROM activities_figure f
    WHERE f.end_date >= %(start)s AND f.end_date <= %(end)s
    GROUP BY f.unit_id, f.content_area_id, f.indicator_id, f.target_group_id
) g
JOIN attribution a ON a.unit_id = g.unit_id
GROUP BY a.row_id, g.content_area_id, g.indicator_id, g.target_group_id
