"""Drawing helpers of the HTML report (demo/report_html.py): number and date
formatting, colour-blind-safe palettes, scales, and SVG charts built as
strings (lines, 100 % stacked bars, percentile dot plots, horizontal bars),
legends, figures and tables.

Every text that goes into the page passes through esc().  Coordinates are
printed with one decimal, so the same input gives the same bytes.
Python 3 standard library only.
"""

import html
import math
import re
import urllib.parse

# ---------------------------------------------------------------------------
# Formatting

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
NA = "–"


def esc(value):
    """Text for HTML content and attribute values (quotes escaped too)."""
    return html.escape(str(value), quote=True)


def num(x):
    """A JSON number or null as float or None."""
    return None if x is None else float(x)


def fmt_pct(x, digits=2):
    return NA if x is None else f"{100 * x:.{digits}f}"


def fmt_int(n):
    return NA if n is None else f"{int(n):,}"


def fmt_signed(x, digits=2):
    return NA if x is None else f"{x:+.{digits}f}".replace("-", "−")


def fmt_duration(s):
    """Seconds, short: 42 s, 12 min, 3.4 h, 2.1 d (as demo.fmt_seconds)."""
    if s is None:
        return NA
    if s < 59.5:
        return f"{s:.0f} s"
    if s < 3570:
        return f"{s / 60:.0f} min"
    if s < 86400:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.1f} d"


def date_parts(iso):
    y, m, d = (int(p) for p in iso[:10].split("-"))
    return y, m, d


def fmt_day(iso):
    """'2026-03-02' -> '2 Mar'."""
    _, m, d = date_parts(iso)
    return f"{d} {MONTHS[m - 1]}"


def weekday(iso):
    """ISO day of week, 0 = Monday (Zeller-free: days since a known Monday)."""
    y, m, d = date_parts(iso)
    # days from civil (Howard Hinnant's algorithm)
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468  # 1970-01-01 = 0, a Thursday
    return (days + 3) % 7


def fmt_day_long(iso):
    return f"{DAYS[weekday(iso)]} {fmt_day(iso)}"


def f2(x):
    """A coordinate for SVG: short, deterministic."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


# ---------------------------------------------------------------------------
# Colours (colour-blind safe: Okabe & Ito; Paul Tol's "muted" for brands)

BLUE, VERMILLION, GREEN, ORANGE, SKY, PURPLE, GREY = (
    "#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#7A8291")
BRAND_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933",
                 "#DDCC77", "#CC6677", "#882255", "#AA4499", "#BBBBBB"]


def hex_rgb(c):
    return tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))


def mix(c1, c2, t):
    a, b = hex_rgb(c1), hex_rgb(c2)
    return "#%02X%02X%02X" % tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def luminance(c):
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in hex_rgb(c))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(c1, c2):
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(c1), luminance(c2)), reverse=True)
    return (a + 0.05) / (b + 0.05)


INK = "#1D2433"


def ink_on(bg):
    """Dark or white text, whichever has the higher contrast on the
    background (by WCAG's luminance, not by eye)."""
    return INK if contrast(INK, bg) >= contrast("#FFFFFF", bg) else "#FFFFFF"


# Against a target (durations): within it, up to twice it, more.  Light
# tints, so dark text on them has a contrast of 9:1 or more; the cell text
# also says the class (no colour-only meaning).
TARGET_COLOURS = {"within": "#CDEBD6", "near": "#FBE3AE", "over": "#F5C6C1"}


def target_class(v, target):
    if v is None:
        return None
    return "within" if v <= target else "near" if v <= 2 * target else "over"


def diverging(x, limit):
    """Net sentiment colour: red-orange below 0, blue above (RdBu-like)."""
    if x is None:
        return "#FFFFFF"
    t = max(-1.0, min(1.0, x / limit))
    return mix("#F7F7F7", "#2166AC", t) if t >= 0 else mix("#F7F7F7", "#B2182B", -t)


def sequential(t):
    """0..1 -> light yellow .. dark red (YlOrRd-like)."""
    stops = ["#FFFFCC", "#FED976", "#FD8D3C", "#E31A1C", "#800026"]
    t = max(0.0, min(1.0, t)) * (len(stops) - 1)
    i = min(int(t), len(stops) - 2)
    return mix(stops[i], stops[i + 1], t - i)


# ---------------------------------------------------------------------------
# Scales and ticks


def nice_step(span, count):
    raw = span / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def nice_ticks(lo, hi, count=5):
    """Round tick values covering [lo, hi] (the domain is widened to them)."""
    if hi <= lo:
        hi = lo + 1
    step = nice_step(hi - lo, count)
    start = math.floor(lo / step + 1e-9) * step
    stop = math.ceil(hi / step - 1e-9) * step
    n = int(round((stop - start) / step))
    return [round(start + i * step, 10) for i in range(n + 1)]


class Linear:
    def __init__(self, d0, d1, r0, r1):
        self.d0, self.d1, self.r0, self.r1 = d0, d1, r0, r1

    def __call__(self, v):
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


class Log(Linear):
    def __call__(self, v):
        v = max(v, 1e-9)
        return self.r0 + (math.log(v) - math.log(self.d0)) * (self.r1 - self.r0) / (
            math.log(self.d1) - math.log(self.d0))


DURATION_TICKS = [(1, "1 s"), (10, "10 s"), (60, "1 min"), (600, "10 min"), (3600, "1 h"),
                  (6 * 3600, "6 h"), (86400, "1 d"), (7 * 86400, "1 wk"), (28 * 86400, "4 wk")]


def pct_label(v, digits=0):
    return f"{100 * v:.{digits}f} %"


def tick_digits(ticks, scale=100):
    """Decimals needed to print every tick (times scale) exactly."""
    for d in range(0, 4):
        if all(abs(round(t * scale, d) - t * scale) < 1e-9 for t in ticks):
            return d
    return 3


# ---------------------------------------------------------------------------
# SVG building blocks

FONT = 12


def svg_open(width, height, label, cls="chart-svg"):
    return (f'<svg class="{cls}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">')


def text(x, y, s, anchor="start", size=FONT, cls="", weight=None, fill=None, extra="", max_px=None):
    """An SVG text; max_px: cut to about that width with an ellipsis, the
    whole text in a tooltip (data text can be long)."""
    s = str(s)
    hint = ""
    if max_px is not None and len(s) * size * 0.62 > max_px:
        keep = max(int(max_px / (size * 0.62)) - 1, 1)
        hint = tip(s)
        s = s[:keep] + "…"
    attrs = f'x="{f2(x)}" y="{f2(y)}" font-size="{size}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if cls:
        attrs += f' class="{cls}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if fill:
        attrs += f' fill="{fill}"'
    return f"<text {attrs}{extra}>{hint}{esc(s)}</text>"


def tip(s):
    return f"<title>{esc(s)}</title>"


def marker(shape, x, y, r, colour, title, hollow=False):
    """A data point: circle, diamond, triangle or cross (shape carries
    meaning besides colour)."""
    fill = "#FFFFFF" if hollow else colour
    common = f'class="mark" fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle {common} cx="{f2(x)}" cy="{f2(y)}" r="{f2(r)}">{tip(title)}</circle>'
    if shape == "diamond":
        r *= 1.25
        pts = f"{f2(x)},{f2(y - r)} {f2(x + r)},{f2(y)} {f2(x)},{f2(y + r)} {f2(x - r)},{f2(y)}"
        return f'<polygon {common} points="{pts}">{tip(title)}</polygon>'
    if shape == "triangle":
        r *= 1.3
        pts = f"{f2(x)},{f2(y - r)} {f2(x + r * 0.9)},{f2(y + r * 0.6)} {f2(x - r * 0.9)},{f2(y + r * 0.6)}"
        return f'<polygon {common} points="{pts}">{tip(title)}</polygon>'
    if shape == "cross":
        d = (f"M{f2(x - r)},{f2(y - r)}L{f2(x + r)},{f2(y + r)}"
             f"M{f2(x - r)},{f2(y + r)}L{f2(x + r)},{f2(y - r)}")
        return (f'<path class="mark" d="{d}" stroke="{colour}" stroke-width="2" fill="none">'
                f'{tip(title)}</path>')
    raise ValueError(shape)


def polyline_segments(points):
    """SVG path data for points with gaps (None) between segments."""
    d, pen = [], False
    for p in points:
        if p is None:
            pen = False
            continue
        d.append(("L" if pen else "M") + f"{f2(p[0])},{f2(p[1])}")
        pen = True
    return "".join(d)


def legend(items):
    """HTML legend.  items: (label, kind, colour[, dash]); kind is line,
    dashed, swatch or a marker shape."""
    out = ['<ul class="legend">']
    for item in items:
        label, kind, colour = item[:3]
        if kind in ("line", "dashed", "dotted"):
            dash = {"line": "", "dashed": ' stroke-dasharray="6 4"', "dotted": ' stroke-dasharray="2 3"'}[kind]
            sw = f'<line x1="1" y1="7" x2="27" y2="7" stroke="{colour}" stroke-width="2.5"{dash}/>'
            w = 28
        elif kind == "swatch":
            sw = f'<rect x="1" y="1" width="12" height="12" rx="2" fill="{colour}"/>'
            w = 14
        else:
            sw = marker(kind, 7, 7, 4.5, colour, label, hollow=kind == "circle-hollow").replace(
                'class="mark" ', "")
            w = 14
        out.append(f'<li><svg width="{w}" height="14" viewBox="0 0 {w} 14" aria-hidden="true" '
                   f'xmlns="http://www.w3.org/2000/svg">{sw}</svg>{esc(label)}</li>')
    out.append("</ul>")
    return "".join(out)


def figure(chart_id, caption, body, note=None):
    """A chart: caption, the drawing (legend included by the caller)."""
    n = f'<p class="note">{note}</p>' if note else ""
    return (f'<figure class="chart" data-chart="{esc(chart_id)}" id="chart-{esc(chart_id)}">'
            f"<figcaption>{caption}</figcaption>{body}{n}</figure>")


# ---------------------------------------------------------------------------
# Charts


def line_chart(label, x_labels, series, *, width=720, height=300, y_min=None, y_max=None,
               y_ticks=5, y_fmt=pct_label, y_title="", x_title="", compact=False,
               panel_title=None, highlight=False, x_label_every=1, zero_line=False, events=(),
               ref_line=None):
    """Lines over a categorical x axis (weeks, days).  series: dicts with
    name, values (None = gap), colour, dash, width, dots, tips.  events:
    (first index, last index, label, note) bands marked behind the lines;
    ref_line: (value, label), a dashed horizontal line (a target)."""
    ml = 46 if compact else 64
    mr = 10 if compact else 18
    mt = 24 if panel_title else 12
    mb = 22 if compact else (44 if x_title else 30)
    values = [v for s in series for v in s["values"] if v is not None]
    lo = (min(values) if values else 0) if y_min is None else y_min
    hi = (max(values) if values else 1) if y_max is None else y_max
    ticks = nice_ticks(lo, hi, y_ticks)
    y = Linear(ticks[0], ticks[-1], height - mb, mt)
    n = len(x_labels)
    x = Linear(0, max(n - 1, 1), ml + 8, width - mr - 8)
    out = [svg_open(width, height, label)]
    if highlight:
        out.append(f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="6" '
                   f'fill="#F2F8FD" stroke="#9CC3E4"/>')
    if panel_title:
        x0 = ml - 38 if compact else ml
        out.append(text(x0, 15, panel_title, size=12, weight="600", max_px=width - x0 - 4))
    # grid and y ticks
    for t in ticks:
        yy = y(t)
        out.append(f'<line class="grid" x1="{ml}" x2="{width - mr}" y1="{f2(yy)}" y2="{f2(yy)}"/>')
        out.append(text(ml - 6, yy + 4, y_fmt(t), anchor="end", size=10 if compact else 11, cls="tick"))
    if zero_line and ticks[0] < 0 < ticks[-1]:
        out.append(f'<line class="axis" x1="{ml}" x2="{width - mr}" y1="{f2(y(0))}" y2="{f2(y(0))}"/>')
    step = (x(1) - x(0)) if n > 1 else 20
    # bands first, then their labels (a later band must not cover a label);
    # a label repeated close to the same label is left out
    spans = [(max(x(i0) - step / 2, ml), min(x(i1) + step / 2, width - mr), lab, note)
             for i0, i1, lab, note in events]
    for x0, x1, lab, note in spans:
        out.append(f'<rect class="event-band" x="{f2(x0)}" y="{mt}" width="{f2(x1 - x0)}" '
                   f'height="{f2(height - mb - mt)}" fill="#FCEFD4">{tip(f"{lab}: {note}")}</rect>')
    shown = []
    for x0, x1, lab, note in spans:
        if any(l == lab and abs(x0 - px) < 90 for px, l in shown):
            continue
        row = sum(1 for px, _ in shown if abs(x0 - px) < 90)
        # the label starts at its band and runs right; where the plot ends
        # first, it ends at its band's right edge and runs left instead (a
        # small panel's last weeks), cut only if the plot is narrower still
        y_lab = mt + 11 + 12 * (row % 2)
        if x0 + 3 + len(lab) * 10 * 0.62 <= width - mr:
            label = text(x0 + 3, y_lab, lab, size=10, cls="event-label")
        else:
            xe = min(x1, width - mr) - 3
            label = text(xe, y_lab, lab, anchor="end", size=10, cls="event-label", max_px=max(xe - ml, 30))
        out.append(f'<g class="event">{tip(f"{lab}: {note}")}' + label + "</g>")
        shown.append((x0, lab))
    if ref_line is not None and ticks[0] <= ref_line[0] <= ticks[-1]:
        yy = y(ref_line[0])
        out.append(f'<line class="target" x1="{ml}" x2="{width - mr}" y1="{f2(yy)}" y2="{f2(yy)}" '
                   f'stroke="#8A4B00" stroke-width="1.5" stroke-dasharray="2 3"/>')
        out.append(text(width - mr - 4, yy - 4, ref_line[1], anchor="end", size=10, cls="target-label"))
    out.append(f'<line class="axis" x1="{ml}" x2="{width - mr}" y1="{f2(height - mb)}" '
               f'y2="{f2(height - mb)}"/>')
    # x labels
    for i, lab in enumerate(x_labels):
        if compact and i not in (0, n - 1):
            continue
        if not compact and i % x_label_every and i != n - 1:
            continue
        anchor = "middle"
        if compact:
            anchor = "start" if i == 0 else "end"
        xx = x(i) if not compact else (x(i) - 8 if i == 0 else x(i) + 8)
        out.append(text(xx, height - mb + 15, lab, anchor=anchor, size=10 if compact else 11, cls="tick"))
    if y_title and not compact:
        out.append(text(14, (mt + height - mb) / 2, y_title, anchor="middle", size=11, cls="axis-title",
                        extra=f' transform="rotate(-90 14 {f2((mt + height - mb) / 2)})"'))
    if x_title and not compact:
        out.append(text((ml + width - mr) / 2, height - 6, x_title, anchor="middle", size=11,
                        cls="axis-title"))
    # series
    for s in series:
        pts = [None if v is None else (x(i), y(v)) for i, v in enumerate(s["values"])]
        dash = f' stroke-dasharray="{s["dash"]}"' if s.get("dash") else ""
        out.append(f'<path class="mark line" d="{polyline_segments(pts)}" fill="none" '
                   f'stroke="{s["colour"]}" stroke-width="{s.get("width", 2)}"{dash} '
                   f'stroke-linejoin="round" stroke-linecap="round">{tip(s["name"])}</path>')
        if s.get("dots", True):
            r = s.get("r", 2.6 if compact else 3.2)
            for i, p in enumerate(pts):
                if p is not None:
                    out.append(marker(s.get("shape", "circle"), p[0], p[1], r, s["colour"],
                                      s["tips"][i] if "tips" in s else s["name"]))
    out.append("</svg>")
    return "".join(out)


def stacked_bars(label, x_labels, stacks, *, width=720, height=340, y_title="", x_title="",
                 min_label_px=16):
    """100 % stacked bars: stacks = [(name, colour, [share per x])], drawn
    bottom-up in the given order."""
    ml, mr, mt, mb = 60, 12, 12, 44 if x_title else 30
    y = Linear(0, 1, height - mb, mt)
    n = len(x_labels)
    band = (width - ml - mr) / max(n, 1)
    bw = band * 0.72
    out = [svg_open(width, height, label)]
    for t in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line class="grid" x1="{ml}" x2="{width - mr}" y1="{f2(y(t))}" y2="{f2(y(t))}"/>')
        out.append(text(ml - 6, y(t) + 4, pct_label(t), anchor="end", size=11, cls="tick"))
    for i, lab in enumerate(x_labels):
        x0 = ml + band * i + (band - bw) / 2
        acc = 0.0
        for name, colour, vals in stacks:
            v = vals[i] or 0.0
            if v <= 0:
                continue
            y_top, y_bot = y(acc + v), y(acc)
            out.append(f'<rect class="mark" x="{f2(x0)}" y="{f2(y_top)}" width="{f2(bw)}" '
                       f'height="{f2(y_bot - y_top)}" fill="{colour}" stroke="#FFFFFF" stroke-width="1">'
                       f"{tip(f'{name}, week of {lab}: {pct_label(v, 1)}')}</rect>")
            if y_bot - y_top >= min_label_px:
                out.append(text(x0 + bw / 2, (y_top + y_bot) / 2 + 4, pct_label(v, 0), anchor="middle",
                                 size=10, fill=ink_on(colour), extra=' pointer-events="none"'))
            acc += v
        out.append(text(x0 + bw / 2, height - mb + 15, lab, anchor="middle", size=11, cls="tick"))
    out.append(f'<line class="axis" x1="{ml}" x2="{width - mr}" y1="{f2(height - mb)}" '
               f'y2="{f2(height - mb)}"/>')
    if y_title:
        cy = (mt + height - mb) / 2
        out.append(text(14, cy, y_title, anchor="middle", size=11, cls="axis-title",
                        extra=f' transform="rotate(-90 14 {f2(cy)})"'))
    if x_title:
        out.append(text((ml + width - mr) / 2, height - 6, x_title, anchor="middle", size=11,
                        cls="axis-title"))
    out.append("</svg>")
    return "".join(out)


def duration_ticks(lo, hi, max_ticks=9):
    ticks = [(v, s) for v, s in DURATION_TICKS if lo <= v <= hi]
    while len(ticks) > max_ticks:
        ticks = ticks[::2]
    return ticks


def percentile_dots(label, rows, *, width=1100, x_title=""):
    """One line per brand and clock: p50 -> p99 range with p50/p90/p99
    markers on a log time axis.  rows: (brand, focus, [(clock, colour,
    p50, p90, p99, extra)])."""
    ml, mr, mt, mb = 150, 24, 10, 48
    row_h, gap = 17, 12
    nrows = sum(len(r[2]) for r in rows)
    height = mt + mb + nrows * row_h + len(rows) * gap
    vals = [v for r in rows for c in r[2] for v in c[2:5] + ((c[5] or {}).get("value"),) if v]
    lo, hi = (max(min(vals) * 0.6, 0.5), max(vals) * 1.6) if vals else (1, 86400)
    x = Log(lo, hi, ml, width - mr)
    out = [svg_open(width, height, label)]
    for v, s in duration_ticks(lo, hi):
        out.append(f'<line class="grid" x1="{f2(x(v))}" x2="{f2(x(v))}" y1="{mt}" y2="{height - mb}"/>')
        out.append(text(x(v), height - mb + 16, s, anchor="middle", size=11, cls="tick"))
    out.append(f'<line class="axis" x1="{ml}" x2="{width - mr}" y1="{height - mb}" y2="{height - mb}"/>')
    yy = mt
    for bi, (brand, focus, clocks) in enumerate(rows):
        yy += gap / 2
        top = yy
        if bi % 2 == 0:
            out.append(f'<rect x="{ml - 146}" y="{f2(top - gap / 2)}" width="{width - mr - ml + 146}" '
                       f'height="{f2(len(clocks) * row_h + gap)}" fill="#F6F8FB"/>')
        for clock, colour, p50, p90, p99, extra in clocks:
            cy = yy + row_h / 2
            out.append(text(ml - 8, cy + 4, clock, anchor="end", size=10, cls="tick"))
            if p50 and p99:
                out.append(f'<line class="mark" x1="{f2(x(p50))}" x2="{f2(x(p99))}" y1="{f2(cy)}" '
                           f'y2="{f2(cy)}" stroke="{colour}" stroke-width="3" stroke-opacity="0.45">'
                           f"{tip(f'{brand}, {clock}: p50 {fmt_duration(p50)} to p99 {fmt_duration(p99)}')}"
                           f"</line>")
            for shape, q, v in (("circle", "p50", p50), ("diamond", "p90", p90), ("triangle", "p99", p99)):
                if v:
                    out.append(marker(shape, x(v), cy, 4.2, colour, f"{brand}, {clock}: {q} {fmt_duration(v)}"))
            if extra and extra.get("value"):
                out.append(marker("cross", x(extra["value"]), cy, 4, GREY,
                                  f"{brand}: {extra['label']} {fmt_duration(extra['value'])}"))
            yy += row_h
        out.append(text(8, top + len(clocks) * row_h / 2 + 4, brand, size=12,
                        weight="700" if focus else "500", max_px=ml - 52))
        yy += gap / 2
    if x_title:
        out.append(text((ml + width - mr) / 2, height - 8, x_title, anchor="middle", size=11,
                        cls="axis-title"))
    out.append("</svg>")
    return "".join(out)


def grouped_hbars(label, rows, series, *, width=460, x_title=""):
    """Horizontal bars 0..100 %: rows = [(name, focus, [value per series])],
    series = [(name, colour)]."""
    ml, mr, mt, mb = 92, 44, 8, 44
    bar_h, inner, gap = 11, 2, 9
    k = len(series)
    group_h = k * bar_h + (k - 1) * inner
    height = mt + mb + len(rows) * (group_h + gap)
    x = Linear(0, 1, ml, width - mr)
    out = [svg_open(width, height, label)]
    for t in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line class="grid" x1="{f2(x(t))}" x2="{f2(x(t))}" y1="{mt}" y2="{height - mb}"/>')
        out.append(text(x(t), height - mb + 16, pct_label(t), anchor="middle", size=11, cls="tick"))
    yy = mt + gap / 2
    for name, focus, vals in rows:
        out.append(text(ml - 8, yy + group_h / 2 + 4, name, anchor="end", size=12,
                        weight="700" if focus else "500", max_px=ml - 12))
        for j, (sname, colour) in enumerate(series):
            v = vals[j]
            by = yy + j * (bar_h + inner)
            if v is not None:
                out.append(f'<rect class="mark" x="{ml}" y="{f2(by)}" width="{f2(max(x(v) - ml, 0.5))}" '
                           f'height="{bar_h}" fill="{colour}">{tip(f"{name}, {sname}: {pct_label(v)}")}</rect>')
                out.append(text(x(v) + 4, by + bar_h - 2, pct_label(v), size=10, cls="tick"))
        yy += group_h + gap
    out.append(f'<line class="axis" x1="{ml}" x2="{ml}" y1="{mt}" y2="{height - mb}"/>')
    if x_title:
        out.append(text((ml + width - mr) / 2, height - 8, x_title, anchor="middle", size=11,
                        cls="axis-title"))
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------------------
# Tables


def cell_text(cell_html):
    """The text a reader sees in a cell: tags dropped, entities decoded,
    white space collapsed (the browser's textContent, trimmed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", cell_html)).split())


def csv_field(t):
    return '"' + t.replace('"', '""') + '"' if any(c in t for c in ',"\n\r') else t


def table_csv(headers, rows):
    """The table as CSV (RFC 4180, CRLF line ends): the header row, then the
    cells' visible text, as in the page."""
    lines = [",".join(csv_field(cell_text(h)) for h, _ in headers)]
    for r in rows:
        lines.append(",".join(csv_field(cell_text(c[0] if isinstance(c, tuple) else c)) for c in r))
    return "\r\n".join(lines) + "\r\n"


def table(headers, rows, *, cls="", caption=None, row_classes=None, name=None):
    """headers: list of (text, align); rows: lists of cell HTML (already
    escaped) or (html, attrs) pairs.  name: the table's id and the name of
    its CSV download, a data: URI made here (works with scripts off, loads
    nothing)."""
    # the caption goes above the scrolling box, not inside the table: a
    # <caption> is as wide as its table, so on a narrow screen a wide
    # table's note ran off the screen with it
    out = []
    if caption:
        cap_id = f' id="caption-{esc(name)}"' if name else ""
        out.append(f'<p class="table-caption"{cap_id}>{caption}</p>')
    out += ['<div class="scroll">', f'<table class="{cls}"' if cls else "<table"]
    if name:
        out[-1] += f' id="table-{esc(name)}"' + (f' aria-describedby="caption-{esc(name)}"' if caption else "")
    out[-1] += ">"
    out.append("<thead><tr>")
    for h, align in headers:
        out.append(f'<th class="{align}" scope="col">{h}</th>')
    out.append("</tr></thead><tbody>")
    for i, r in enumerate(rows):
        rc = row_classes[i] if row_classes else ""
        out.append(f'<tr class="{rc}">' if rc else "<tr>")
        for j, cell in enumerate(r):
            attrs = ""
            if isinstance(cell, tuple):
                cell, attrs = cell
            tag = "th" if j == 0 else "td"
            scope = ' scope="row"' if j == 0 else ""
            out.append(f'<{tag}{scope} class="{headers[j][1]}"{attrs}>{cell}</{tag}>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if name:
        data = urllib.parse.quote(table_csv(headers, rows), safe="")
        out.append(f'<p class="csv"><a class="csv-link" data-table="table-{esc(name)}" '
                   f'download="{esc(name)}.csv" href="data:text/csv;charset=utf-8,{data}">'
                   f"Download this table as CSV</a></p>")
    out.append("</div>")
    return "".join(out)


def heat_cell(value_html, bg, extra_class=""):
    cls = f' class="{extra_class}"' if extra_class else ""
    return (value_html, f' style="background:{bg};color:{ink_on(bg)}"{cls}')
