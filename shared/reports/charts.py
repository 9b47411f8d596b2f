"""Horizontal bar charts as server-rendered SVG geometry, from already suppressed tables.

One hue (GOV.UK blue, 5.2:1 on white) and a number written at the end of every bar, so nothing
depends on telling colours apart; a suppressed value gets no bar, only its label.
"""

from __future__ import annotations

WIDTH, BAR_MAX, ROW, TOP = 400, 300, 44, 8


def bar_chart(table: dict, column: int, chart_id: str, description: str) -> dict:
    """Geometry for a chart of one COLUMN of a suppressed TABLE (totals row left out)."""
    rows = [row for row in table["rows"] if row["key"] != "total"]
    shown = [row["cells"][column] for row in rows if isinstance(row["cells"][column], int)]
    scale = BAR_MAX / max([*shown, 1])
    bars = []
    for index, row in enumerate(rows):
        value = row["cells"][column]
        width = round(value * scale, 1) if isinstance(value, int) else 0
        y = TOP + index * ROW
        bars.append({"label": row["label"], "value": value, "label_y": y + 14,
                     "bar_y": y + 20, "width": width, "value_x": width + 6, "value_y": y + 33})
    return {"id": chart_id, "title": table["title"], "description": description,
            "width": WIDTH, "height": TOP * 2 + ROW * len(rows), "bars": bars}
