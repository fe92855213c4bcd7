"""A document's bar charts as PNG pictures, for the Word report (issue 10, the year in figures).

Drawn with matplotlib, which is heavy and therefore optional (``pip install
"moderator[charts]"``): it is imported here, inside ``chart_png``, only when a chart is drawn,
so starting the program never loads it, and without it ``ChartsUnavailable`` lets the report
say how to get the charts instead of failing. The Agg backend draws without a display, through
matplotlib's object API (no ``pyplot``, no global state), in DejaVu Sans, which matplotlib
ships and which holds every Vietnamese letter with its marks.
"""

from __future__ import annotations

import io

from moderator.export.document import Chart

WIDTH_INCHES = 6.5
"""The text width of the Word page (16.5 cm)."""
DPI = 200
FONT = "DejaVu Sans"
COLOURS = ("#4c72b0", "#8c8c8c", "#64b5cd", "#55a868", "#dd8452", "#c44e52", "#8172b3")
"""One per series, told apart in grey print as well (light and dark alternate)."""


class ChartsUnavailable(Exception):
    """matplotlib is not installed: the document says how to get the charts."""


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG picture the width of the page: one group of horizontal bars per
    category, one bar per series, each with its value at its end."""
    try:
        from matplotlib import rc_context
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError as missing:
        raise ChartsUnavailable(str(missing)) from missing
    rows, bars = len(chart.categories), max(1, len(chart.series))
    # A bar of about a tenth of an inch, whatever the number of rows and series.
    legend = 0.25 * ((bars + 3) // 4) if bars > 1 else 0.0
    height = 0.8 + rows * (0.11 * bars + 0.1) + legend
    with rc_context({"font.family": FONT, "font.size": 8}):
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
        axes = figure.add_subplot()
        band = 0.8 / bars
        largest = max((v for _, values in chart.series for v in values), default=0.0)
        for index, (name, values) in enumerate(chart.series):
            # Categories from the top: the first row is drawn highest.
            ys = [rows - 1 - row + 0.4 - band * (index + 0.5) for row in range(rows)]
            drawn = axes.barh(
                ys, values, height=band * 0.9, label=name, color=COLOURS[index % len(COLOURS)]
            )
            axes.bar_label(drawn, labels=[_number(v) for v in values], padding=2, fontsize=7)
        axes.set_yticks(range(rows), labels=list(reversed(chart.categories)))
        axes.set_xlim(0, largest * 1.12 if largest > 0 else 1)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(chart.title, fontsize=10, fontweight="bold", loc="left")
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(axis="y", length=0)
        axes.xaxis.grid(visible=True, color="#e0e0e0", linewidth=0.6)
        axes.set_axisbelow(True)
        if bars > 1:
            figure.legend(loc="outside lower center", ncols=min(bars, 4), frameon=False)
        out = io.BytesIO()
        # No creation time or version in the file: the same figures give the same picture.
        figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _number(value: float) -> str:
    return "" if value == 0 else f"{value:g}"
