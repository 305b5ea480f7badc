"""Charts: labels of a funnel plot never overlap; a chart's title can be left out of its SVG
(the report's caption says it) without changing the Figure."""

from __future__ import annotations

import pandas as pd

from akimstat import charts, stats


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
