"""Small server-side SVG charts: no JavaScript, no inline styles (the CSP allows neither),
readable by screen readers through <title> and a data table next to each chart."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 640, 220, 36
COLOURS = ("#0b4f9c", "#c0392b", "#2e7d32")


def _frame(title: str, body: str, maximum: float) -> Markup:
    ticks = "".join(
        f'<text x="{PAD - 4}" y="{HEIGHT - PAD - (HEIGHT - 2 * PAD) * f:.1f}" '
        f'text-anchor="end" font-size="10">{maximum * f:.0f}</text>'
        for f in (0, 0.5, 1)
    )
    return Markup(
        f'<svg role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" class="chart"><title>{escape(title)}</title>'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - 8}" y2="{HEIGHT - PAD}" stroke="#555"/>'
        f"{ticks}{body}</svg>"
    )


def bar_chart(title: str, data: Sequence[tuple[str, float]]) -> Markup:
    maximum = max([v for _, v in data] + [1])
    step = (WIDTH - PAD - 8) / max(len(data), 1)
    bars = []
    for i, (label, value) in enumerate(data):
        h = (HEIGHT - 2 * PAD) * value / maximum
        x = PAD + i * step + step * 0.15
        bars.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{COLOURS[0]}"><title>{escape(label)}: {value:g}</title></rect>'
            f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - PAD + 14}" text-anchor="middle" '
            f'font-size="10">{escape(label)}</text>'
        )
    return _frame(title, "".join(bars), maximum)


def line_chart(
    title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]
) -> Markup:
    values = [v for s in series.values() for v in s if v is not None]
    maximum = max(values + [1])
    step = (WIDTH - PAD - 8) / max(len(labels) - 1, 1)
    body = []
    for colour, (name, points) in zip(COLOURS, series.items(), strict=False):
        coords = [
            f"{PAD + i * step:.1f},{HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / maximum:.1f}"
            for i, v in enumerate(points)
            if v is not None
        ]
        if coords:
            body.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                f'points="{" ".join(coords)}"><title>{escape(name)}</title></polyline>'
            )
    legend = "".join(
        f'<text x="{PAD + 8 + i * 160}" y="14" font-size="11" fill="{colour}">{escape(name)}</text>'
        for i, (colour, name) in enumerate(zip(COLOURS, series, strict=False))
    )
    axis = "".join(
        f'<text x="{PAD + i * step:.1f}" y="{HEIGHT - PAD + 14}" text-anchor="middle" '
        f'font-size="10">{escape(label)}</text>'
        for i, label in enumerate(labels)
    )
    return _frame(title, "".join(body) + legend + axis, maximum)
