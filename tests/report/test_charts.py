"""Charts: labels of a funnel plot never overlap; a chart's title can be left out of its SVG
(the report's caption says it) without changing the Figure."""

from __future__ import annotations

import pandas as pd
import pytest

from akimstat.report import charts

from akimstat import stats


def _funnel():
    # Regions as crowded as the 2013 corps: ALM and VOS, AKT and PAV almost on one spot.
    table = pd.DataFrame({"nobs": [241, 245, 152, 146, 258, 190, 72, 57, 150, 137],
                          "share": [.103, .102, .153, .164, .136, .158, .125, .087, .099, .117],
                          "label": ["ALM", "VOS", "AKT", "PAV", "AKM", "YUZ", "ATY", "MAN", "ZAP", "KZY"]})
    limits = stats.funnel_limits(.114, list(range(20, 300, 2)), (0.95, 0.998))
    return charts.funnel_chart(table, limits, .114, "Women", "Akims", "Share", {0.95: "95%", 0.998: "99.8%"})


def test_funnel_labels_overlap_neither_each_other_nor_the_legend():
    fig = _funnel()
    ax = fig.axes[0]
    renderer = fig._get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert sorted(t.get_text() for t in ax.texts) == sorted(["ALM", "VOS", "AKT", "PAV", "AKM", "YUZ", "ATY",
                                                            "MAN", "ZAP", "KZY"])
    legend = ax.get_legend().get_window_extent(renderer)
    for i, box in enumerate(boxes):
        assert not box.overlaps(legend), ax.texts[i].get_text()
        for j in range(i + 1, len(boxes)):
            assert not box.overlaps(boxes[j]), (ax.texts[i].get_text(), ax.texts[j].get_text())
    assert min(t.get_fontsize() for t in ax.texts) >= 8.25  # 11 px at the chart's natural size


def test_svg_without_title_keeps_the_figure_titled():
    fig = _funnel()
    assert ">Women<" not in charts.svg_of(fig, title=False)
    assert ">Women<" in charts.svg_of(fig) and fig.axes[0].get_title() == "Women"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_chart_ticks_use_the_reports_decimal_comma(lang):
    """Issue 29: chart ticks in kk and ru printed 7.5 and -2.5 (read from the SVG text)."""
    import re
    from pathlib import Path

    from akimstat.data.dataset import load_dataset
    from akimstat.params import ReportParameters
    from akimstat.report import Report

    data = Path(__file__).resolve().parents[2] / "data"
    report = Report(ReportParameters(cycle="2013", baseline="pre-2013", scope="national", language=lang,
                                     data_dir=str(data)), load_dataset(data))
    texts = [t for svg in re.findall(r"<svg.*?</svg>", report._repr_html_(), flags=re.S)
             for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    numbers = [t for t in texts if re.fullmatch(r"[−-]?[\d.,\s]+%?", t)]
    assert any("," in t for t in numbers) and "−7,5" in numbers  # the change chart's axis
    assert not [t for t in numbers if "." in t or t.startswith("-")]
