#!/usr/bin/env python3
"""The HTML page of the main job's report (tools/demo.sh writes out/report.html).

    psql -X -At -f demo/report_json.sql | python3 demo/report_html.py -o report.html

Reads the JSON documents of demo/report_json.sql (one per line, {"section":
NAME, ...}) from the files named on the command line or from stdin, and
writes one self-contained HTML page: inline CSS, SVG charts drawn here, and
a few lines of inline script that only check the page (no library, font,
image or request of any kind; a Content-Security-Policy forbids them).  The
page reads the same without the script.

Sections "meta", "engagement" and "voice" are required; "response" (reply
pairing, the quantile sketch, business time) is drawn when present and
replaced by a note otherwise.  Every text that comes from the data is
HTML-escaped.  The output depends only on the input: the same data gives
the same bytes.

Python 3 standard library only (Debian's python3).
"""

import argparse
import base64
import hashlib
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from report_charts import (  # noqa: E402  (the module next to this file)
    BLUE, GREEN, GREY, NA, ORANGE, SKY, VERMILLION, BRAND_COLOURS, diverging, esc, figure,
    fmt_day, fmt_day_long, fmt_duration, fmt_int, fmt_pct, fmt_signed, grouped_hbars, heat_cell,
    legend, line_chart, num, pct_label, percentile_dots, sequential, stacked_bars, table,
    tick_digits)

# ---------------------------------------------------------------------------
# The sections


class Report:
    def __init__(self, docs):
        self.meta = docs["meta"]
        self.eng = docs["engagement"]
        self.voice = docs["voice"]
        self.resp = docs.get("response")
        self.focus = self.meta["focus"]
        self.weeks = self.meta["weeks"] or []
        self.week_labels = [fmt_day(w) for w in self.weeks]
        self.brands = self.meta["brand_list"] or []
        # brand colours: ours first (the darkest, at the bottom of stacks),
        # then by rank
        order = sorted(self.brands, key=lambda b: (not b["focus"], b["rank"]))
        self.brand_colour = {b["brand"]: BRAND_COLOURS[i % len(BRAND_COLOURS)] for i, b in enumerate(order)}
        self.brand_order = [b["brand"] for b in order]

    # -- header -------------------------------------------------------------
    def header(self):
        m = self.meta
        ft = self.eng.get("focus_total") or {}
        vt = self.voice.get("focus_total") or {}
        focus = esc(self.focus)
        kpis = [
            ("Engagement rate", fmt_pct(num(ft.get("impr_sums"))) + " %",
             f"ratio of sums, % of impressions; mean of per-post rates {fmt_pct(num(ft.get('impr_mean')))} %"),
            ("Share of voice", fmt_pct(num(vt.get("sov")), 1) + " %",
             f"of {fmt_int(vt.get('mentions'))} mentions; engagement-weighted "
             f"{fmt_pct(num(vt.get('sov_eng')), 1)} %"),
            ("Net sentiment", fmt_signed(num(vt.get("net_ours"))),
             f"from −1 to +1; competitors {fmt_signed(num(vt.get('net_others')))}"),
        ]
        if self.resp:
            ours = next((b for b in self.resp["brands"] or [] if b["brand"] == self.focus), None)
            if ours:
                kpis.append(("First reply, p90", fmt_duration(num(ours["p90"])),
                             f"round the clock; in business hours {fmt_duration(num(ours['biz_p90']))}"))
                kpis.append(("Answered within 1 h", fmt_pct(num(ours["within_1h"]), 0) + " %",
                             f"round the clock; in business hours {fmt_pct(num(ours['biz_within_1h']), 0)} %"))
        cards = "".join(f'<div class="kpi"><div class="kpi-label">{esc(k)}</div>'
                        f'<div class="kpi-value">{esc(v)}</div><div class="kpi-sub">{esc(s)}</div></div>'
                        for k, v, s in kpis)
        nav = [("engagement", "1. Engagement rate"), ("voice", "2. Share of voice and net sentiment"),
               ("response", "3. Customer care: first reply time")]
        nav_html = "".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in nav)
        return (
            '<header><div class="wrap">'
            f'<p class="eyebrow">{esc(m.get("title", "social_metrics report"))}</p>'
            f"<h1>{focus} and {len(self.brands) - 1} competitors, {esc(fmt_day(m['since']))}"
            f"{'' if m['since'][:4] == m['until'][:4] else ' ' + esc(m['since'][:4])} – "
            f"{esc(fmt_day(m['until']))} {esc(m['until'][:4])}</h1>"
            f'<p class="lede">The last {len(self.weeks)} complete weeks (Monday to Sunday, each brand in its own '
            f"time zone) of {fmt_int(m['posts'])} posts by {fmt_int(m['accounts'])} accounts of "
            f"{fmt_int(m['brands'])} brands, {fmt_int(m['conversations'])} customer-care conversations "
            f"({fmt_int(m['messages'])} messages) and {fmt_int(m['mentions'])} mentions. "
            f"Figures for {focus} over the window:</p>"
            f'<div class="kpis">{cards}</div>'
            f'<nav aria-label="Sections">{nav_html}</nav>'
            "</div></header>")

    # -- 1. engagement ------------------------------------------------------
    def engagement(self):
        weekly = self.eng["weekly"] or []
        accounts = self.eng["accounts"] or []
        by_acc = {}
        for r in weekly:
            by_acc.setdefault(r["handle"], {})[r["week"]] = r
        all_vals = [num(r[k]) for r in weekly for k in ("impr_sums", "impr_mean") if r[k] is not None]
        y_max = max(all_vals) if all_vals else 0.01
        panels = []
        for a in accounts:
            rows = by_acc.get(a["handle"], {})
            sums = [num(rows[w]["impr_sums"]) if w in rows else None for w in self.weeks]
            means = [num(rows[w]["impr_mean"]) if w in rows else None for w in self.weeks]
            name = f"{a['handle']} · {a['network']}"
            svg = line_chart(
                f"{a['handle']}: weekly engagement rate, % of impressions", self.week_labels,
                [dict(name="ratio of sums", values=sums, colour=BLUE, width=2.2,
                      tips=[f"{a['handle']}, week of {lab}: ratio of sums {fmt_pct(v)} %"
                            for lab, v in zip(self.week_labels, sums)]),
                 dict(name="mean of per-post rates", values=means, colour=VERMILLION, dash="5 3", width=2,
                      shape="diamond",
                      tips=[f"{a['handle']}, week of {lab}: mean of per-post rates {fmt_pct(v)} %"
                            for lab, v in zip(self.week_labels, means)])],
                width=220, height=150, y_min=0, y_max=y_max, y_ticks=3, compact=True,
                panel_title=name, highlight=a["brand"] == self.focus,
                y_fmt=lambda t: pct_label(t, 0 if t * 100 == int(t * 100) else 1))
            panels.append(f'<div class="panel">{svg}</div>')
        chart = figure(
            "engagement",
            "<strong>Weekly engagement rate per account</strong>, % of impressions, one panel per account "
            f"(same scale; {esc(self.focus)} shaded; x axis: weeks starting "
            f"{esc(' to '.join(self.week_labels[::max(len(self.week_labels) - 1, 1)]))}). Ratio of sums: "
            "<code>engagement_rate_agg(engagements, impressions)</code> = Σ engagements / Σ impressions; "
            "mean of per-post rates: <code>avg_engagement_rate(engagements, impressions)</code>, "
            "which the many small posts pull up.",
            legend([("ratio of sums (Rival IQ, Later)", "line", BLUE),
                    ("mean of per-post rates (Iconosquare, Emplifi)", "dashed", VERMILLION)])
            + f'<div class="multiples">{"".join(panels)}</div>')
        # table: every account over the window
        rows, rc = [], []
        for a in accounts:
            rows.append([esc(a["handle"]), esc(a["network"]), fmt_int(a["followers"]), fmt_int(a["posts"]),
                         fmt_int(a["zero_impressions"]),
                         fmt_pct(num(a["impr_sums"])), fmt_pct(num(a["impr_mean"])),
                         fmt_pct(num(a["reach_sums"])), fmt_pct(num(a["reach_mean"]))])
            rc.append("focus" if a["brand"] == self.focus else "")
        summary = table([("account", "l"), ("network", "l"), ("followers", "r"), ("posts", "r"),
                         ("0 impr.", "r"), ("impr. sums %", "r"), ("impr. mean %", "r"),
                         ("reach sums %", "r"), ("reach mean %", "r")], rows, row_classes=rc,
                        caption="Every account over the window: the four rates tools report, %. "
                                "Posts with 0 impressions (insights missing) count in neither mean; "
                                "posts without reach are left out of the rates by reach.")
        # weekly numbers
        wrows, wrc = [], []
        for a in accounts:
            rows_a = by_acc.get(a["handle"], {})
            cells = [esc(a["handle"])]
            for w in self.weeks:
                r = rows_a.get(w)
                cells.append(NA if r is None else
                             f'{fmt_pct(num(r["impr_sums"]))}<span class="sub">'
                             f'{fmt_pct(num(r["impr_mean"]))}</span>')
            wrows.append(cells)
            wrc.append("focus" if a["brand"] == self.focus else "")
        weekly_table = table([("account", "l")] + [(esc(lab), "r") for lab in self.week_labels], wrows,
                             cls="compact", row_classes=wrc,
                             caption="The panels' numbers, % of impressions: ratio of sums, and below it "
                                     "the mean of per-post rates. Columns: week starting.")
        top = self.eng.get("top_posts") or []
        trows = [[esc(p["handle"]), esc(p["posted_local"]), fmt_int(p["reach"]), fmt_int(p["engagements"]),
                  fmt_pct(num(p["rate"]))] for p in top]
        top_table = table([("account", "l"), ("posted (local time)", "l"), ("reach", "r"),
                           ("engagements", "r"), ("rate %", "r")], trows,
                          caption="Top posts of the last week by <code>engagement_rate(engagements, reach)"
                                  "</code>, posts reaching at least 10,000 people.")
        return (
            '<section class="card" id="engagement" data-section="engagement">'
            "<h2>1. Engagement rate</h2>"
            '<p class="intro">Engagements (likes, comments, shares, saves) per impression. Tools disagree on '
            "how to average it: the ratio of sums weighs every impression equally, the mean of per-post rates "
            "weighs every post equally, so a week of many small posts looks better by the mean. "
            "Weeks are local (Monday) in each brand's time zone.</p>"
            f"{chart}"
            f"{summary}"
            f'<div class="narrow">{top_table}</div>'
            f'<details><summary>Weekly numbers per account</summary>{weekly_table}</details>'
            "</section>")

    # -- 2. share of voice ----------------------------------------------------
    def voice_section(self):
        weekly = self.voice["weekly"] or []
        cell = {(r["brand"], r["week"]): r for r in weekly}
        stacks = [(b, self.brand_colour[b], [num(cell[(b, w)]["sov"]) if (b, w) in cell else None
                                             for w in self.weeks]) for b in self.brand_order]
        brands_total = self.voice["brands"] or []
        total = {b["brand"]: b for b in brands_total}
        leg = legend([(f"{b}{' (ours)' if b == self.focus else ''}: "
                       f"{fmt_pct(num(total[b]['sov']), 1) if b in total else NA} %",
                       "swatch", self.brand_colour[b]) for b in reversed(self.brand_order)])
        bars = stacked_bars(
            "Weekly share of voice per brand, % of mentions", self.week_labels, stacks,
            y_title="share of mentions, %", x_title=f"week starting ({self.meta['focus_tz']})",
            width=940, height=360)
        sov_chart = figure(
            "share-of-voice",
            f"<strong>Weekly share of voice per brand</strong>, % of all mentions of the {len(self.brands)} brands, "
            f"{esc(self.focus)} at the bottom. Legend: share over the whole window, top of the stack first.",
            f'<div class="with-legend">{bars}{leg.replace("legend", "legend vertical", 1)}</div>')
        rows, rc = [], []
        for b in brands_total:
            rows.append([esc(b["brand"]), fmt_int(b["mentions"]), fmt_pct(num(b["sov"]), 1),
                         fmt_pct(num(b["sov_eng"]), 1), fmt_signed(num(b["net"]))])
            rc.append("focus" if b["brand"] == self.focus else "")
        brand_table = table([("brand", "l"), ("mentions", "r"), ("SoV %", "r"), ("SoV eng. %", "r"),
                             ("net sent.", "r")], rows, row_classes=rc,
                            caption="Every brand over the window: share of voice by count and weighted by the "
                                    "mentions' engagements, and net sentiment.")
        # ours, week by week
        fw = self.voice["focus_weekly"] or []
        fwi = {r["week"]: r for r in fw}
        get = lambda k: [num(fwi[w][k]) if w in fwi else None for w in self.weeks]  # noqa: E731
        sov, sov_eng, net_o, net_x = get("sov"), get("sov_eng"), get("net_ours"), get("net_others")
        labs = self.week_labels
        focus = self.focus
        sov_lines = line_chart(
            f"{focus}: weekly share of voice, %", labs,
            [dict(name="by count", values=sov, colour=BLUE,
                  tips=[f"week of {l}: {fmt_pct(v, 1)} % of mentions" for l, v in zip(labs, sov)]),
             dict(name="engagement-weighted", values=sov_eng, colour=GREEN, dash="6 4", shape="diamond",
                  tips=[f"week of {l}: {fmt_pct(v, 1)} % of engagements" for l, v in zip(labs, sov_eng)])],
            width=540, height=230, y_min=0, y_title="share of voice, %",
            y_fmt=lambda t: pct_label(t, tick_digits([t])))
        net_lines = line_chart(
            f"{focus}: weekly net sentiment", labs,
            [dict(name=f"{focus}", values=net_o, colour=BLUE,
                  tips=[f"{focus}, week of {l}: {fmt_signed(v)}" for l, v in zip(labs, net_o)]),
             dict(name="competitors", values=net_x, colour=VERMILLION, dash="6 4", shape="diamond",
                  tips=[f"competitors, week of {l}: {fmt_signed(v)}" for l, v in zip(labs, net_x)])],
            width=540, height=230, y_title="net sentiment (−1 to +1)", zero_line=True,
            y_min=min([v for v in net_o + net_x if v is not None] + [0]),
            y_fmt=lambda t: fmt_signed(t, 1) if t else "0")
        focus_chart = figure(
            "focus-voice",
            f"<strong>{esc(focus)} week by week</strong>: <code>share_of_voice(brand, {esc(repr(focus))})"
            f"</code> by count and <code>share_of_voice(brand, {esc(repr(focus))}, engagements)</code>; "
            "<code>net_sentiment(sentiment)</code> = (positive − negative) / (positive + negative), "
            "neutral and unscored mentions left out.",
            legend([("share of voice, by count", "line", BLUE),
                    ("share of voice, engagement-weighted", "dashed", GREEN)]) + sov_lines
            + legend([(f"net sentiment, {focus}", "line", BLUE),
                      ("net sentiment, competitors", "dashed", VERMILLION)]) + net_lines)
        frows = [[esc(lab), fmt_int(fwi[w]["mentions"]), fmt_int(fwi[w]["ours"]),
                  fmt_pct(num(fwi[w]["sov"]), 1), fmt_pct(num(fwi[w]["sov_eng"]), 1),
                  fmt_signed(num(fwi[w]["net_ours"])), fmt_signed(num(fwi[w]["net_others"]))]
                 for w, lab in zip(self.weeks, labs) if w in fwi]
        focus_table = table([("week", "l"), ("mentions", "r"), ("ours", "r"), ("SoV %", "r"),
                             ("SoV eng. %", "r"), ("net sent.", "r"), ("others' net", "r")], frows,
                            caption=f"{esc(focus)}'s numbers, week by week.")
        # net sentiment heat map
        nets = [num(r["net"]) for r in weekly if r["net"] is not None]
        limit = max([abs(v) for v in nets] + [0.25])
        hrows, hrc = [], []
        for b in self.brand_order:
            cells = [esc(b)]
            for w in self.weeks:
                r = cell.get((b, w))
                v = num(r["net"]) if r else None
                cells.append(heat_cell(fmt_signed(v), diverging(v, limit)))
            hrows.append(cells)
            hrc.append("focus" if b == self.focus else "")
        heat = table([("brand", "l")] + [(esc(lab), "r") for lab in labs], hrows, cls="heat",
                     row_classes=hrc,
                     caption="Net sentiment per brand and week: red below zero, blue above "
                             f"(colour scale ±{limit:.2f}).")
        return (
            '<section class="card" id="voice" data-section="voice">'
            "<h2>2. Share of voice and net sentiment</h2>"
            '<p class="intro">Share of voice: a brand\'s part of all mentions of the brands we listen to, '
            "by count or weighted by the mentions' engagements. Net sentiment: (positive − negative) / "
            "(positive + negative) mentions. Weeks of "
            f"{esc(self.meta['focus_tz'])} time.</p>"
            f"{sov_chart}"
            f'<div class="grid2 wide-right"><div>{brand_table}</div><div>{heat}</div></div>'
            f'<div class="grid2 wide-left"><div>{focus_chart}</div><div>{focus_table}</div></div>'
            "</section>")

    # -- 3. response times ----------------------------------------------------
    def response_section(self):
        if not self.resp:
            return (
                '<section class="card" id="response" data-section="response-missing">'
                "<h2>3. Customer care: first reply time</h2>"
                '<p class="intro missing">Not in this report: the installed extension does not yet have reply '
                "pairing, the quantile sketch and business time (<code>first_reply_sketch</code>, "
                "<code>quantile_sketch</code>, <code>business_seconds</code>, ...). Update the extension and "
                "run <code>tools/demo.sh</code> again.</p></section>")
        brands = self.resp["brands"] or []
        focus = self.focus
        error = max([num(b["error"]) for b in brands if b.get("error") is not None] + [0])
        rows = []
        for b in brands:
            bots = num(b["p50_with_bots"])
            p50 = num(b["p50"])
            extra = None
            if bots and p50 and (bots < p50 / 3 or bots > p50 * 3):
                extra = {"value": bots, "label": "p50 if bot auto-replies counted"}
            rows.append((b["brand"], b["brand"] == focus, [
                ("24/7", BLUE, p50, num(b["p90"]), num(b["p99"]), extra),
                ("business", ORANGE, num(b["biz_p50"]), num(b["biz_p90"]), num(b["biz_p99"]), None)]))
        dots = percentile_dots("First reply time per brand: p50, p90 and p99, round the clock and in "
                               "business hours", rows,
                               x_title="first reply time (log scale): seconds, minutes (min), hours (h), days (d)")
        dots_fig = figure(
            "first-reply",
            "<strong>First reply time per brand</strong>: p50, p90 and p99 of the wait for the brand's first "
            "reply, round the clock (<code>first_reply_sketch(conversation_id, at, from_brand)</code>, one "
            "pass per brand) and counting only the brand's business hours (<code>business_seconds</code> over "
            "its <code>business_calendar</code>). Bots' auto-acknowledgements are not replies: "
            "<code>FILTER (WHERE NOT automated)</code>.",
            legend([("p50", "circle", "#3B4252"), ("p90", "diamond", "#3B4252"), ("p99", "triangle", "#3B4252"),
                    ("round the clock (24/7)", "swatch", BLUE), ("business hours", "swatch", ORANGE),
                    ("p50 if bot auto-replies were counted", "cross", GREY)]) + dots,
            note=f"Percentiles from quantile sketches: within ±{100 * error:.1f} % of the exact value."
            if error else None)
        hbars = grouped_hbars("Share of conversations answered within 1 hour, per brand",
                              [(b["brand"], b["brand"] == focus, [num(b["within_1h"]), num(b["biz_within_1h"])])
                               for b in brands],
                              [("24/7", BLUE), ("business hours", ORANGE)],
                              x_title="answered within 1 h, % of answered conversations")
        bars_fig = figure(
            "within-1h",
            "<strong>Answered within 1 hour</strong>: <code>approx_rank(sketch, 3600)</code>, the share of "
            "answered conversations whose first reply took at most an hour.",
            legend([("round the clock", "swatch", BLUE), ("business hours", "swatch", ORANGE)]) + hbars)
        trows, rc = [], []
        for b in brands:
            trows.append([esc(b["brand"]), fmt_int(b["asked"]), fmt_pct(num(b["unanswered"]), 1),
                          fmt_duration(num(b["p50"])), fmt_duration(num(b["p90"])), fmt_duration(num(b["p99"])),
                          fmt_pct(num(b["within_1h"]), 0),
                          fmt_duration(num(b["biz_p50"])), fmt_duration(num(b["biz_p90"])),
                          fmt_duration(num(b["biz_p99"])), fmt_pct(num(b["biz_within_1h"]), 0),
                          fmt_duration(num(b["p50_with_bots"]))])
            rc.append("focus" if b["brand"] == focus else "")
        resp_table = table(
            [("brand", "l"), ("asked", "r"), ("unans. %", "r"), ("p50", "r"), ("p90", "r"), ("p99", "r"),
             ("≤ 1 h %", "r"), ("biz p50", "r"), ("biz p90", "r"), ("biz p99", "r"), ("biz ≤ 1 h %", "r"),
             ("p50 w/ bots", "r")], trows, row_classes=rc,
            caption="Conversations the customer opened in the window, per brand: unanswered share, first reply "
                    "round the clock and in business hours (biz), and the median a report that forgets to "
                    "filter out the bots would show.")
        # weekly p90 heat map (log colour scale)
        wk = self.resp.get("weekly_p90") or []
        cellw = {(r["brand"], r["week"]): r for r in wk}
        p90s = [num(r["p90"]) for r in wk if r["p90"]]
        lo, hi = (min(p90s), max(p90s)) if p90s else (1, 2)
        span = math.log(hi / lo) if hi > lo else 1
        hrows, hrc = [], []
        for b in [x["brand"] for x in brands]:
            cells = [esc(b)]
            for w in self.weeks:
                r = cellw.get((b, w))
                v = num(r["p90"]) if r else None
                cells.append(heat_cell(fmt_duration(v), "#FFFFFF" if not v else
                                       sequential(math.log(v / lo) / span)))
            hrows.append(cells)
            hrc.append("focus" if b == focus else "")
        heat = table([("brand", "l")] + [(esc(lab), "r") for lab in self.week_labels], hrows, cls="heat",
                     row_classes=hrc,
                     caption="p90 first reply (round the clock) per brand and local week "
                             "(<code>local_bucket('week', started_at, tz)</code>); darker is slower.")
        # rolling 7-day p90 from the materialized view
        daily = self.resp.get("daily") or []
        days = [d["day"] for d in daily]
        dlabs = [fmt_day(d) for d in days]
        hours = lambda k: [None if d[k] is None else num(d[k]) / 3600 for d in daily]  # noqa: E731
        p90_day, p90_7d, others_7d = hours("p90_day"), hours("p90_7d"), hours("others_p90_7d")
        roll = line_chart(
            f"{focus}: rolling 7-day p90 first reply, hours", dlabs,
            [dict(name=f"{focus}, daily p90", values=p90_day, colour=SKY, width=0, dots=True, r=2.6,
                  tips=[f"{focus}, {fmt_day_long(d)}: daily p90 {fmt_duration(v * 3600 if v is not None else None)}"
                        for d, v in zip(days, p90_day)]),
             dict(name=f"{focus}, rolling 7-day p90", values=p90_7d, colour=BLUE, width=3, dots=False),
             dict(name="other brands, rolling 7-day p90", values=others_7d, colour=GREY, width=2, dash="6 4",
                  dots=False)],
            width=700, height=280, y_min=0, y_title="p90 first reply, hours",
            x_title="local day", x_label_every=7, y_fmt=lambda t: f"{t:g} h")
        w1, w1x = ([None if d[k] is None else num(d[k]) for d in daily]
                   for k in ("within_1h_7d", "others_within_1h_7d"))
        roll_1h = line_chart(
            f"{focus}: rolling 7-day share answered within 1 h", dlabs,
            [dict(name=f"{focus}", values=w1, colour=BLUE, width=3, dots=False),
             dict(name="other brands", values=w1x, colour=GREY, width=2, dash="6 4", dots=False)],
            width=700, height=200, y_min=0, y_max=1, y_title="within 1 h, %", x_label_every=7,
            y_ticks=4)
        roll_fig = figure(
            "rolling-p90",
            f"<strong>{esc(focus)}, rolling 7 days</strong>, from the materialized view of daily sketches "
            "<code>demo.daily_first_reply</code> (refreshed <code>CONCURRENTLY</code>): "
            "<code>approx_percentile(rollup(first_reply) OVER (ORDER BY day RANGE BETWEEN '6 days' PRECEDING "
            "AND CURRENT ROW), 0.9)</code>, no raw rows read. Other brands: their daily sketches merged with "
            "<code>rollup</code> first.",
            legend([(f"{focus}, rolling 7-day p90", "line", BLUE), (f"{focus}, daily p90", "circle", SKY),
                    ("other brands, rolling 7-day p90", "dashed", GREY)]) + roll
            + legend([(f"{focus}, rolling 7-day share within 1 h", "line", BLUE),
                      ("other brands", "dashed", GREY)]) + roll_1h)
        last = daily[-14:]
        drows = [[esc(fmt_day_long(d["day"])), fmt_int(d["answered"]), fmt_duration(num(d["p90_day"])),
                  fmt_duration(num(d["p90_7d"])), fmt_pct(num(d["within_1h_7d"]), 0)] for d in last]
        day_table = table([("day", "l"), ("answered", "r"), ("p90", "r"), ("p90, 7 d", "r"),
                           ("≤ 1 h, 7 d", "r")], drows,
                          caption=f"{esc(focus)}, the last 14 days: answered conversations and p90 of the "
                                  "day, and over the 7 days to it: p90 and the share answered within 1 h, %.")
        return (
            '<section class="card" id="response" data-section="response">'
            "<h2>3. Customer care: first reply time</h2>"
            '<p class="intro">How long customers wait for the brand\'s first reply: per conversation, from the '
            "customer's first message to the brand's first message after it (runs of customer messages count "
            "from the first; conversations the brand opened count from the customer's first message). "
            "Round the clock, and counting only the brand's opening hours (holidays included).</p>"
            f"{dots_fig}"
            f"{resp_table}"
            f'<div class="grid2 wide-right"><div>{bars_fig}</div><div>{heat}</div></div>'
            f'<div class="grid2 wide-left"><div>{roll_fig}</div><div>{day_table}</div></div>'
            "</section>")

    def footer(self):
        m = self.meta
        return (
            '<footer><div class="wrap">'
            "<p>Made by <code>tools/demo.sh</code>: the data from <code>demo/report_json.sql</code> "
            "(the same tables and functions as the text report, <code>demo/report.sql</code>), drawn by "
            "<code>demo/report_html.py</code>. "
            f"PostgreSQL {esc(m.get('server_version') or NA)}, social_metrics "
            f"{esc(m.get('extension_version') or NA)}. Sample data: deterministic, generated by "
            "<code>demo/generate.sql</code>; brands and accounts are fictitious. Figures are rounded; rates and "
            "shares are fractions shown as %. This page is self-contained: it loads nothing.</p>"
            "</div></footer>")


# ---------------------------------------------------------------------------
# The page

CSS = """
:root{--ink:#1D2433;--muted:#5B6476;--line:#DDE2EA;--bg:#F3F5F8;--card:#FFFFFF;--focus:#EAF3FB;--accent:#0072B2}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
 font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans",Arial,sans-serif}
.wrap{max-width:1200px;margin:0 auto;padding:0 24px}
header{background:#1D2433;color:#FFFFFF;padding:28px 0 18px}
header .eyebrow{margin:0;color:#9FB3C8;font-size:13px;letter-spacing:.06em;text-transform:uppercase}
header h1{margin:4px 0 6px;font-size:28px;line-height:1.2;font-weight:700}
header .lede{margin:0 0 16px;color:#D5DEE8;max-width:980px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px}
.kpi{background:#2A3346;border-radius:10px;padding:12px 16px;border-left:4px solid #56B4E9}
.kpi-label{font-size:13px;color:#B8C6D6}
.kpi-value{font-size:28px;font-weight:700;font-variant-numeric:tabular-nums;line-height:1.25}
.kpi-sub{font-size:12px;color:#B8C6D6}
nav{margin-top:16px;display:flex;flex-wrap:wrap;gap:8px}
nav a{color:#FFFFFF;text-decoration:none;background:#2A3346;border-radius:999px;padding:4px 12px;font-size:13px}
nav a:hover,nav a:focus{background:#0072B2}
main{display:block}
section.card{background:var(--card);border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.1);
 padding:22px 24px;margin:22px 0}
h2{margin:0 0 6px;font-size:22px}
.intro{margin:0 0 14px;color:var(--muted);max-width:1000px}
.missing{background:#FFF7E0;border-left:4px solid #E69F00;padding:10px 14px;color:var(--ink)}
figure.chart{margin:0 0 18px}
figcaption{font-size:14px;margin:0 0 6px;color:var(--muted)}
figcaption strong{color:var(--ink)}
code{font-family:"DejaVu Sans Mono",ui-monospace,Menlo,Consolas,monospace;font-size:.86em;background:#EEF1F5;
 border-radius:4px;padding:0 3px;color:#2B3445}
svg.chart-svg{display:block;width:100%;height:auto;max-width:100%}
svg text{font-family:inherit;fill:var(--ink)}
svg .tick{fill:#4A5262}
svg .axis-title{fill:#4A5262;font-style:italic}
svg .grid{stroke:#E6E9EF;stroke-width:1}
svg .axis{stroke:#8C94A3;stroke-width:1}
.legend{list-style:none;margin:4px 0 6px;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px}
.scroll{overflow-x:auto;margin:0 0 14px}
.scroll table{margin:0}
.narrow{max-width:720px}
.legend.vertical{flex-direction:column;flex-wrap:nowrap;align-items:flex-start;gap:3px;min-width:180px;margin-top:10px}
.with-legend{display:flex;gap:12px;align-items:flex-start}
.with-legend svg{flex:1 1 auto;min-width:0}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px;align-items:start;margin:8px 0 14px}
.grid2.wide-left{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
.grid2.wide-right{grid-template-columns:minmax(0,2fr) minmax(0,3fr)}
@media (max-width:960px){.grid2,.grid2.wide-left,.grid2.wide-right{grid-template-columns:minmax(0,1fr)}.with-legend{flex-direction:column}}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums;margin:0 0 14px}
caption{caption-side:top;text-align:left;color:var(--muted);font-size:13px;padding:0 0 6px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{border-bottom:2px solid #B9C1CD;font-weight:600;white-space:nowrap}
tbody th{font-weight:500;text-align:left;white-space:nowrap}
.r{text-align:right}.l{text-align:left}
tr.focus th,tr.focus td{background:var(--focus);font-weight:700}
table.heat td{text-align:center;font-size:12px;white-space:nowrap;padding:4px 5px}
table.heat tr.focus td{font-weight:700}
table.compact td{font-size:12px}
.sub{display:block;color:#B24A00;font-size:11px}
details{margin:4px 0 0}
summary{cursor:pointer;color:var(--accent);font-size:14px;margin-bottom:8px}
.note{font-size:12px;color:var(--muted);margin:4px 0 0}
footer{color:var(--muted);font-size:13px;padding:6px 0 30px}
@media print{body{background:#FFFFFF}section.card{box-shadow:none;border:1px solid var(--line);break-inside:avoid}
 header{background:#FFFFFF;color:var(--ink)}.kpi{background:#F3F5F8;color:var(--ink)}nav{display:none}}
"""

# The page's only script: it checks, in the browser, that every chart has
# drawn marks and that nothing threw, and says so on <html> (the test reads
# it from the DOM).  The charts do not need it.
SCRIPT = """
(function () {
  var root = document.documentElement, errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message || e.type));
    root.setAttribute('data-report-errors', errors.join(' | '));
  }, true);
  document.addEventListener('DOMContentLoaded', function () {
    var figures = document.querySelectorAll('figure[data-chart]'), empty = [], i, n;
    for (i = 0; i < figures.length; i++) {
      n = figures[i].querySelectorAll('svg .mark').length;
      figures[i].setAttribute('data-marks', String(n));
      if (n === 0) empty.push(figures[i].getAttribute('data-chart'));
    }
    root.setAttribute('data-report', empty.length ? 'empty: ' + empty.join(' ') : 'ok ' + figures.length);
  });
})();
""".strip()


def page(report):
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    m = report.meta
    title = f"{m.get('title', 'social_metrics report')}: {report.focus}, {m['since']} to {m['until']}"
    body = (report.header() + '<main class="wrap">' + report.engagement() + report.voice_section()
            + report.response_section() + "</main>" + report.footer())
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="social_metrics demo/report_html.py">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{CSS.strip()}</style>\n"
        f"<script>{SCRIPT}</script>\n"
        "</head>\n<body>\n" + body + "\n</body>\n</html>\n")


def read_docs(streams):
    """The JSON documents of demo/report_json.sql by section name."""
    docs = {}
    decoder = json.JSONDecoder()
    for name, data in streams:
        pos = 0
        while True:
            while pos < len(data) and data[pos].isspace():
                pos += 1
            if pos >= len(data):
                break
            try:
                doc, pos = decoder.raw_decode(data, pos)
            except json.JSONDecodeError as e:
                raise SystemExit(f"report_html.py: {name}: not JSON: {e}")
            if not isinstance(doc, dict) or not isinstance(doc.get("section"), str):
                raise SystemExit(f"report_html.py: {name}: a document without a \"section\" name")
            docs[doc["section"]] = doc
    missing = [s for s in ("meta", "engagement", "voice") if s not in docs]
    if missing:
        raise SystemExit(f"report_html.py: missing section(s): {', '.join(missing)}")
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="files of JSON documents (default: stdin)")
    ap.add_argument("-o", "--output", help="the HTML file to write (default: stdout)")
    args = ap.parse_args()
    if args.inputs:
        streams = []
        for p in args.inputs:
            with open(p, encoding="utf-8") as f:
                streams.append((p, f.read()))
    else:
        streams = [("stdin", sys.stdin.read())]
    out = page(Report(read_docs(streams)))
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(out)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(out)


if __name__ == "__main__":
    main()
