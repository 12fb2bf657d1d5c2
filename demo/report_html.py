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
import datetime
import hashlib
import html
import html.parser
import json
import math
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from report_charts import (  # noqa: E402  (the module next to this file)
    BLUE, GREEN, GREY, NA, ORANGE, PURPLE, SKY, TARGET_COLOURS, VERMILLION, BRAND_COLOURS, esc, figure,
    fmt_day, fmt_day_long, fmt_duration, fmt_int, fmt_pct, fmt_signed, grouped_hbars, heat_cell,
    legend, line_chart, mix, num, pct_label, percentile_dots, sequential, table, target_class, tick_digits)

# ---------------------------------------------------------------------------
# The sections


class Report:
    def __init__(self, docs, what_changed=None, decide=None):
        self.meta = docs["meta"]
        self.eng = docs["engagement"]
        self.voice = docs["voice"]
        self.resp = docs.get("response")
        self.events = (docs.get("events") or {}).get("events") or []
        self.what_changed = what_changed
        self.decide = decide
        self.focus = self.meta["focus"]
        self.weeks = self.meta["weeks"] or []
        self.week_labels = [fmt_day(w) for w in self.weeks]
        self.brands = self.meta["brand_list"] or []
        self.sla = num(self.meta.get("sla_seconds")) or 3600
        self.sla_label = self.meta.get("sla_label") or fmt_duration(self.sla)
        # our brand first, then by rank
        order = sorted(self.brands, key=lambda b: (not b["focus"], b["rank"]))
        self.brand_colour = {b["brand"]: BRAND_COLOURS[i % len(BRAND_COLOURS)] for i, b in enumerate(order)}
        self.brand_order = [b["brand"] for b in order]
        self.hours = {b["brand"]: b.get("hours") or b.get("calendar") or "" for b in self.brands}

    def row_class(self, brand):
        return "focus" if brand == self.focus else ""

    # -- events on charts -----------------------------------------------------
    def week_events(self, chart, brand=None):
        """Events of a chart as (first week index, last week index, label,
        note) on the window's weeks."""
        out = []
        for e in self.events:
            if e["chart"] != chart or (brand is not None and e.get("brand") not in (None, brand)):
                continue
            idx = [i for i, w in enumerate(self.weeks) if w <= e["until"] and e["since"] <= add_days(w, 6)]
            if idx:
                out.append((idx[0], idx[-1], e["label"], e["note"]))
        return out

    def day_events(self, chart, days):
        out = []
        for e in self.events:
            if e["chart"] != chart:
                continue
            idx = [i for i, d in enumerate(days) if e["since"] <= d <= e["until"]]
            if idx:
                out.append((idx[0], idx[-1], e["label"], e["note"]))
        return out

    # -- header -------------------------------------------------------------
    def header(self):
        m = self.meta
        ft = self.eng.get("focus_total") or {}
        vt = self.voice.get("focus_total") or {}
        focus = esc(self.focus)
        kpis = []
        ours = None
        if self.resp:
            ours = next((b for b in self.resp["brands"] or [] if b["brand"] == self.focus), None)
        if ours:
            kpis.append((f"First reply within {self.sla_label} of business hours",
                         fmt_pct(num(ours["sla"]), 1) + " %",
                         f"of {fmt_int(ours['asked'])} conversations; the {fmt_pct(num(ours['unanswered']), 1)} % "
                         "never answered count as misses"))
        kpis += [
            ("Engagement rate", fmt_pct(num(ft.get("impr_sums"))) + " %",
             "Σ engagements / Σ impressions of our posts"),
            ("Share of voice", fmt_pct(num(vt.get("sov")), 1) + " %",
             f"of {fmt_int(vt.get('mentions'))} mentions of the {len(self.brands)} brands"),
            ("Net sentiment", fmt_signed(num(vt.get("net_ours"))),
             f"from −1 to +1; competitors {fmt_signed(num(vt.get('net_others')))}"),
        ]
        cards = "".join(f'<div class="kpi"><div class="kpi-label">{esc(k)}</div>'
                        f'<div class="kpi-value">{esc(v)}</div><div class="kpi-sub">{esc(s)}</div></div>'
                        for k, v, s in kpis)
        nav = [("glance", "At a glance")]
        if self.what_changed is not None:
            nav.append(("what-changed", "What changed"))
        if self.decide is not None:
            nav += [("best-time", "Best time to post"), ("what-works", "What works")]
        nav += [("engagement", "1. Engagement rate"), ("voice", "2. Share of voice"),
                ("response", "3. Customer care"), ("appendix", "Appendix")]
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

    # -- at a glance ------------------------------------------------------------
    def glance(self):
        parts, sla_fig = [], None
        if self.resp:
            brands = self.resp["brands"] or []
            rows, rc = [], []
            for b in brands:
                cls = target_class(num(b["biz_p90"]), self.sla)
                rows.append([esc(b["brand"]), esc(self.hours.get(b["brand"], "")),
                             fmt_num(num(b["open_hours_week"]), 0), fmt_int(b["asked"]),
                             fmt_pct(num(b["weekend"]), 0), fmt_pct(num(b["closed"]), 0),
                             fmt_pct(num(b["sla"]), 1), fmt_pct(num(b["unanswered"]), 1),
                             heat_cell(fmt_num(hours(b["biz_p90"]), 1), TARGET_COLOURS[cls] if cls else "#FFFFFF"),
                             fmt_num(hours(b["p90"]), 1)])
                rc.append(self.row_class(b["brand"]))
            parts.append(table(
                [("brand", "l"), ("opening hours (local)", "l"), ("h/week", "r"), ("asked", "r"),
                 ("weekend %", "r"), ("closed %", "r"), ("SLA %", "r"),
                 ("unans. %", "r"), ("p90 business h", "r"), ("p90 24/7 h", "r")],
                rows, row_classes=rc, name="care-by-brand",
                caption=f"<strong>Customer care against the target: a first reply within {esc(self.sla_label)} "
                        "of business hours</strong>, unanswered conversations counted as misses."))
            parts.insert(0, (
                '<p class="intro">Each brand\'s opening hours in its own time zone, holidays closed. '
                "<strong>SLA %</strong>: of the conversations a customer opened in the window, those answered "
                f"within {esc(self.sla_label)} of opening hours; unanswered ones are misses. <strong>Weekend %"
                "</strong>: started on a Saturday or Sunday (local); <strong>closed %</strong>: started while the "
                "brand was closed. Those wait for the next opening: a question sent on Friday evening to a brand "
                "open Monday to Friday is answered on Monday, some 60 hours later round the clock but minutes "
                "later in business hours. That is why the round-the-clock p90 (last column) is one to two days "
                "for most brands. p90: of the answered conversations, in hours; the business p90 is coloured "
                f"against the target: green within {esc(self.sla_label)}, amber up to twice, red more.</p>"))
            hb = grouped_hbars(
                f"Share of conversations answered within {self.sla_label}, per brand, unanswered as misses",
                [(b["brand"], b["brand"] == self.focus, [num(b["sla"]), num(b["sla_clock"])]) for b in brands],
                [("business hours (SLA)", BLUE), ("round the clock", ORANGE)],
                x_title=f"answered within {self.sla_label}, % of conversations opened", width=460)
            sla_fig = (figure(
                "sla",
                f"<strong>SLA attainment per brand</strong>: the share of conversations answered within "
                f"{esc(self.sla_label)}, unanswered ones counted as misses, in business hours (the SLA) and "
                "round the clock.",
                legend([("business hours (SLA)", "swatch", BLUE), ("round the clock", "swatch", ORANGE)]) + hb))
        ebr = {b["brand"]: b for b in self.eng.get("brands") or []}
        vbr = {b["brand"]: b for b in self.voice.get("brands") or []}
        rows, rc = [], []
        for br in self.brand_order:
            e, v = ebr.get(br, {}), vbr.get(br, {})
            rows.append([esc(br), fmt_int(e.get("posts")), fmt_pct(num(e.get("rate"))), fmt_int(v.get("mentions")),
                         fmt_pct(num(v.get("sov")), 1), fmt_signed(num(v.get("net")))])
            rc.append(self.row_class(br))
        brands_table = (table(
            [("brand", "l"), ("posts", "r"), ("engagement rate %", "r"), ("mentions", "r"),
             ("share of voice %", "r"), ("net sentiment", "r")], rows, row_classes=rc, name="brands",
            caption="<strong>Engagement and voice per brand</strong>. Engagement rate: Σ engagements / Σ "
                    "impressions of the brand's posts (<code>engagement_rate_agg(engagements, impressions)</code>, "
                    "the ratio of sums; the other definitions are in the appendix). Share of voice: the brand's "
                    "share of all mentions; net sentiment: (positive − negative) / (positive + negative) "
                    "mentions."))
        if sla_fig:
            # the table needs more room than the chart (its six columns
            # overflowed half the card at 1280 px and cut off net sentiment)
            parts.append(f'<div class="grid2 wide-right"><div>{sla_fig}</div><div>{brands_table}</div></div>')
        else:
            parts.append(brands_table)
        return ('<section class="card" id="glance" data-section="glance"><h2>At a glance</h2>'
                + "".join(parts) + "</section>")

    # -- sections printed by psql (-H): what changed, best time, what works --
    def psql_tables(self, tables, name):
        """The tables of a psql -H section: the text before a table is a
        section heading ("B. WHAT CHANGED: the week of ...", the text
        report's: its words after the colon become the intro, the page has
        its own heading) and the table's own note ("B1. ..."), its caption.
        Cells with a flag (▲ ▼) are bold; the heat map (a table whose note
        says so) is coloured."""
        parts = []
        for i, (title, headers, rows) in enumerate(tables):
            m = re.search(r"\b[A-Z]\d\. ", title)
            if m and m.start() > 0:
                intro = re.sub(r"^[A-Z](, [A-Z])?\. [A-Z ,]+[:.]? *", "", title[:m.start()].strip())
                if intro:
                    parts.append(f'<p class="intro">{esc(intro[:1].upper() + intro[1:])}</p>')
                title = title[m.start():]
            numeric = [all(re.fullmatch(r"[-−+<>(]?[\d,.]+\)?( ?%)?|", r[j].strip()) for r in rows if j < len(r))
                       for j in range(len(headers))]
            rc = ["focus" if self.focus in " ".join(r) else "" for r in rows]
            if "Heat map" in title:
                vals = [float(c.strip("() ")) for r in rows for c in r[1:] if re.fullmatch(r"\(?[\d.]+\)?", c.strip())]
                lo, hi = (min(vals), max(vals)) if vals else (0, 1)
                cells = []
                for r in rows:
                    row = [esc(r[0])]
                    for c in r[1:]:
                        c = c.strip()
                        if not re.fullmatch(r"\(?[\d.]+\)?", c):
                            row.append(esc(c))
                            continue
                        thin = c.startswith("(")
                        t = (float(c.strip("()")) - lo) / (hi - lo) if hi > lo else 0.5
                        bg = mix("#FFFFFF", sequential(t), 0.35) if thin else sequential(t)
                        row.append(heat_cell(f"<i>{esc(c)}</i>" if thin else esc(c), bg, "thin" if thin else ""))
                    cells.append(row)
                rc = ["" for _ in rows]
                cls = "heat"
            else:
                cells = [[(f'<strong class="flag">{esc(c)}</strong>' if c.strip()[:1] in ("▲", "▼") else esc(c))
                          for c in r] for r in rows]
                cls = ""
            parts.append(table([(esc(h), "r" if numeric[j] and j else "l") for j, h in enumerate(headers)],
                               cells, row_classes=rc, name=f"{name}-{i + 1}", cls=cls,
                               caption=esc(title) if title else None))
        return parts

    def what_changed_section(self):
        if self.what_changed is None:
            return ""
        return ('<section class="card" id="what-changed" data-section="what-changed"><h2>What changed</h2>'
                + "".join(self.psql_tables(self.what_changed, "what-changed")) + "</section>")

    def decide_section(self):
        """C. Best time to post and D. What works (demo/report_decide.sql)."""
        if self.decide is None:
            return ""
        best = [t for t in self.decide if re.match(r"C\d\. ", re.sub(r"^.*?\b(?=C\d\. )", "", t[0]))]
        works = [t for t in self.decide if t not in best]
        return ('<section class="card" id="best-time" data-section="best-time"><h2>Best time to post</h2>'
                + "".join(self.psql_tables(best, "best-time")) + "</section>"
                + '<section class="card" id="what-works" data-section="what-works"><h2>What works</h2>'
                + "".join(self.psql_tables(works, "what-works")) + "</section>")

    # -- 1. engagement ------------------------------------------------------
    def engagement(self):
        weekly = self.eng["weekly"] or []
        accounts = self.eng["accounts"] or []
        by_acc = {}
        for r in weekly:
            by_acc.setdefault(r["handle"], {})[r["week"]] = r
        all_vals = [num(r["impr_sums"]) for r in weekly if r["impr_sums"] is not None]
        y_max = max(all_vals) if all_vals else 0.01
        panels = []
        for a in accounts:
            rows = by_acc.get(a["handle"], {})
            sums = [num(rows[w]["impr_sums"]) if w in rows else None for w in self.weeks]
            name = f"{a['handle']} · {a['network']}"
            svg = line_chart(
                f"{a['handle']}: weekly engagement rate, % of impressions", self.week_labels,
                [dict(name="engagement rate", values=sums, colour=BLUE, width=2.2,
                      tips=[f"{a['handle']}, week of {lab}: {fmt_pct(v)} %"
                            for lab, v in zip(self.week_labels, sums)])],
                width=220, height=150, y_min=0, y_max=y_max, y_ticks=3, compact=True,
                panel_title=name, highlight=a["brand"] == self.focus,
                events=self.week_events("engagement", a["brand"]),
                y_fmt=lambda t: pct_label(t, 0 if t * 100 == int(t * 100) else 1))
            panels.append(f'<div class="panel">{svg}</div>')
        chart = figure(
            "engagement",
            "<strong>Weekly engagement rate per account</strong>, Σ engagements / Σ impressions "
            "(<code>engagement_rate_agg(engagements, impressions)</code>), %, one panel per account, ours first "
            f"(same scale; {esc(self.focus)} shaded; x axis: weeks starting "
            f"{esc(' to '.join(self.week_labels[::max(len(self.week_labels) - 1, 1)]))}). Shaded bands: "
            "events (hover for the note).",
            f'<div class="multiples">{"".join(panels)}</div>')
        rows, rc = [], []
        for a in accounts:
            rows.append([esc(a["handle"]), esc(a["network"]), fmt_int(a["followers"]), fmt_int(a["posts"]),
                         fmt_pct(num(a["impr_sums"]))])
            rc.append(self.row_class(a["brand"]))
        summary = table([("account", "l"), ("network", "l"), ("followers", "r"), ("posts", "r"),
                         ("engagement rate %", "r")], rows, row_classes=rc, name="accounts",
                        caption="Every account over the window, ours first.")
        wrows, wrc = [], []
        for a in accounts:
            rows_a = by_acc.get(a["handle"], {})
            wrows.append([esc(a["handle"])] + [NA if w not in rows_a else fmt_pct(num(rows_a[w]["impr_sums"]))
                                               for w in self.weeks])
            wrc.append(self.row_class(a["brand"]))
        weekly_table = table([("account", "l")] + [(esc(lab), "r") for lab in self.week_labels], wrows,
                             cls="compact", row_classes=wrc, name="engagement-weekly",
                             caption="The panels' numbers: engagement rate, %, per account and week starting.")
        top = self.eng.get("top_posts") or []
        trows = [[esc(p["handle"]), esc(p["posted_local"]), fmt_int(p["impressions"]), fmt_int(p["engagements"]),
                  fmt_pct(num(p["rate"]))] for p in top]
        top_table = table([("account", "l"), ("posted (local time)", "l"), ("impressions", "r"),
                           ("engagements", "r"), ("engagement rate %", "r")], trows, name="top-posts",
                          caption="Top posts of the last week by <code>engagement_rate(engagements, impressions)"
                                  "</code>, posts with at least 10,000 impressions.")
        return (
            '<section class="card" id="engagement" data-section="engagement">'
            "<h2>1. Engagement rate</h2>"
            '<p class="intro">Engagements (likes, comments, shares, saves) per impression, as the ratio of sums: '
            "every impression weighs the same. Weeks are local (Monday) in each brand's time zone. Other "
            "definitions (mean of per-post rates, by reach) are in the appendix.</p>"
            f"{chart}{summary}"
            f'<div class="narrow">{top_table}</div>'
            f'<details><summary>Weekly numbers per account</summary>{weekly_table}</details>'
            "</section>")

    # -- 2. share of voice ----------------------------------------------------
    def voice_section(self):
        weekly = self.voice["weekly"] or []
        cell = {(r["brand"], r["week"]): r for r in weekly}
        brands_total = self.voice["brands"] or []
        labs = self.week_labels
        focus = self.focus
        competitors = [b["brand"] for b in brands_total if b["brand"] != focus][:3]
        shown = [focus] + competitors
        colours = [BLUE, VERMILLION, GREEN, PURPLE]
        dashes = [None, "6 4", "2 3", "8 3 2 3"]
        shapes = ["circle", "diamond", "triangle", "circle-hollow"]
        series = []
        for b, colour, dash, shape in zip(shown, colours, dashes, shapes):
            vals = [num(cell[(b, w)]["sov"]) if (b, w) in cell else None for w in self.weeks]
            series.append(dict(name=b, values=vals, colour=colour, dash=dash, width=3 if b == focus else 2,
                               shape="circle" if shape == "circle-hollow" else shape,
                               tips=[f"{b}, week of {l}: {fmt_pct(v, 1)} % of mentions" for l, v in zip(labs, vals)]))
        sov = line_chart(
            f"Weekly share of voice: {focus} against the top three competitors", labs, series,
            width=940, height=320, y_min=0, y_title="share of mentions, %",
            x_title=f"week starting ({self.meta['focus_tz']})", events=self.week_events("voice"),
            y_fmt=lambda t: pct_label(t, tick_digits([t])))
        sov_chart = figure(
            "share-of-voice",
            f"<strong>Share of voice, {esc(focus)} against the top three competitors</strong>, % of all "
            f"mentions of the {len(self.brands)} brands, per week: "
            f"<code>share_of_voice(brand, {esc(repr(focus))})</code> for each. Shaded: events.",
            legend([(b + (" (ours)" if b == focus else ""), "line" if d is None else "dashed", c)
                    for b, c, d in zip(shown, colours, dashes)]) + sov)
        fw = self.voice["focus_weekly"] or []
        fwi = {r["week"]: r for r in fw}
        net_o = [num(fwi[w]["net_ours"]) if w in fwi else None for w in self.weeks]
        net_x = [num(fwi[w]["net_others"]) if w in fwi else None for w in self.weeks]
        net_lines = line_chart(
            f"{focus}: weekly net sentiment", labs,
            [dict(name=f"{focus}", values=net_o, colour=BLUE,
                  tips=[f"{focus}, week of {l}: {fmt_signed(v)}" for l, v in zip(labs, net_o)]),
             dict(name="competitors", values=net_x, colour=VERMILLION, dash="6 4", shape="diamond",
                  tips=[f"competitors, week of {l}: {fmt_signed(v)}" for l, v in zip(labs, net_x)])],
            width=620, height=240, y_title="net sentiment (−1 to +1)", zero_line=True,
            y_min=min([v for v in net_o + net_x if v is not None] + [0]), events=self.week_events("voice"),
            y_fmt=lambda t: fmt_signed(t, 1) if t else "0")
        net_fig = figure(
            "net-sentiment",
            f"<strong>Net sentiment, {esc(focus)} against the competitors</strong>, per week: "
            "<code>net_sentiment(sentiment)</code> = (positive − negative) / (positive + negative), neutral and "
            "unscored mentions left out.",
            legend([(f"{focus}", "line", BLUE), ("competitors", "dashed", VERMILLION)]) + net_lines)
        rows, rc = [], []
        for b in sorted(brands_total, key=lambda b: b["brand"] != focus):
            rows.append([esc(b["brand"]), fmt_int(b["mentions"]), fmt_pct(num(b["sov"]), 1),
                         fmt_signed(num(b["net"]))])
            rc.append(self.row_class(b["brand"]))
        brand_table = table([("brand", "l"), ("mentions", "r"), ("share of voice %", "r"),
                             ("net sentiment", "r")], rows, row_classes=rc, name="voice-by-brand",
                            caption="Every brand over the window, ours first.")
        srows = [[esc(lab)] + [fmt_pct(num(cell[(b, w)]["sov"]), 1) if (b, w) in cell else NA for b in shown]
                 for w, lab in zip(self.weeks, labs)]
        sov_table = table([("week", "l")] + [(esc(b) + " %", "r") for b in shown], srows, name="voice-weekly",
                          caption="The chart's numbers: share of voice, %, per week starting.")
        return (
            '<section class="card" id="voice" data-section="voice">'
            "<h2>2. Share of voice and net sentiment</h2>"
            '<p class="intro">Share of voice: a brand\'s part of all mentions of the brands we listen to. Net '
            "sentiment: (positive − negative) / (positive + negative) mentions. Weeks of "
            f"{esc(self.meta['focus_tz'])} time.</p>"
            f"{sov_chart}"
            f'<div class="grid2 wide-left"><div>{net_fig}</div><div>{brand_table}</div></div>'
            f'<details><summary>Weekly share of voice, numbers</summary>{sov_table}</details>'
            "</section>")

    # -- 3. customer care -----------------------------------------------------
    def response_section(self):
        if not self.resp:
            return (
                '<section class="card" id="response" data-section="response-missing">'
                "<h2>3. Customer care</h2>"
                '<p class="intro missing">Not in this report: the installed extension does not yet have reply '
                "pairing, the quantile sketch and business time (<code>first_reply_sketch</code>, "
                "<code>quantile_sketch</code>, <code>business_seconds</code>, ...). Update the extension and "
                "run <code>tools/demo.sh</code> again.</p></section>")
        focus = self.focus
        wk = self.resp.get("weekly") or []
        cellw = {(r["brand"], r["week"]): r for r in wk}
        hrows, hrc, srows = [], [], []
        for b in self.brand_order:
            cells, scells = [esc(b)], [esc(b)]
            for w in self.weeks:
                r = cellw.get((b, w))
                v = num(r["biz_p90"]) if r else None
                cls = target_class(v, self.sla)
                cells.append(heat_cell(fmt_num(None if v is None else v / 3600, 1),
                                       TARGET_COLOURS[cls] if cls else "#FFFFFF", cls or ""))
                scells.append(NA if r is None else fmt_pct(num(r["sla"]), 0))
            hrows.append(cells)
            srows.append(scells)
            hrc.append(self.row_class(b))
        heat = table([("brand", "l")] + [(esc(lab), "r") for lab in self.week_labels], hrows, cls="heat",
                     row_classes=hrc, name="care-p90-weekly",
                     caption="<strong>p90 first reply in business hours, per brand and local week, hours</strong>: "
                             "90 % of the answered conversations waited at most this long, counting opening hours "
                             f"only. Against the target of {esc(self.sla_label)}: "
                             '<span class="key within">green: within</span> '
                             '<span class="key near">amber: up to twice</span> '
                             '<span class="key over">red: more than twice</span>.')
        sla_table = table([("brand", "l")] + [(esc(lab), "r") for lab in self.week_labels], srows,
                          row_classes=hrc, name="care-sla-weekly", cls="compact",
                          caption=f"<strong>Weekly SLA attainment per brand, %</strong>: answered within "
                                  f"{esc(self.sla_label)} of business hours, of all conversations customers opened "
                                  "that local week; unanswered ones are misses.")
        daily = self.resp.get("daily") or []
        days = [d["day"] for d in daily]
        dlabs = [fmt_day(d) for d in days]
        hrs = lambda k: [None if d[k] is None else num(d[k]) / 3600 for d in daily]  # noqa: E731
        p90_day, p90_7d, others_7d = hrs("p90_day"), hrs("p90_7d"), hrs("others_p90_7d")
        ev = self.day_events("care", days)
        roll = line_chart(
            f"{focus}: rolling 7-day p90 first reply, round the clock, hours", dlabs,
            [dict(name=f"{focus}, daily p90", values=p90_day, colour=SKY, width=0, dots=True, r=2.6,
                  tips=[f"{focus}, {fmt_day_long(d)}: daily p90 {fmt_num(v, 1)} h" for d, v in zip(days, p90_day)]),
             dict(name=f"{focus}, rolling 7-day p90", values=p90_7d, colour=BLUE, width=3, dots=False),
             dict(name="other brands, rolling 7-day p90", values=others_7d, colour=GREY, width=2, dash="6 4",
                  dots=False)],
            width=1100, height=280, y_min=0, y_title="p90 first reply, hours", events=ev,
            x_title="local day", x_label_every=7, y_fmt=lambda t: f"{t:g} h")
        w1, w1x = ([None if d[k] is None else num(d[k]) for d in daily]
                   for k in ("within_1h_7d", "others_within_1h_7d"))
        roll_1h = line_chart(
            f"{focus}: rolling 7-day share answered within 1 h, round the clock", dlabs,
            [dict(name=f"{focus}", values=w1, colour=BLUE, width=3, dots=False),
             dict(name="other brands", values=w1x, colour=GREY, width=2, dash="6 4", dots=False)],
            width=1100, height=200, y_min=0, y_max=1, y_title="within 1 h, %", x_label_every=7,
            y_ticks=4, events=ev)
        roll_fig = figure(
            "rolling-p90",
            f"<strong>{esc(focus)}, rolling 7 days, round the clock</strong>, from the materialized view of daily "
            "sketches <code>demo.daily_first_reply</code>: <code>approx_percentile(rollup(first_reply) OVER "
            "(ORDER BY day RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW), 0.9)</code>, no raw rows read. "
            "Shaded: days our team was closed (holidays), when waits grow.",
            legend([(f"{focus}, rolling 7-day p90", "line", BLUE), (f"{focus}, daily p90", "circle", SKY),
                    ("other brands, rolling 7-day p90", "dashed", GREY)]) + roll
            + legend([(f"{focus}, rolling 7-day share within 1 h", "line", BLUE),
                      ("other brands", "dashed", GREY)]) + roll_1h)
        last = daily[-14:]
        drows = [[esc(fmt_day_long(d["day"])), fmt_int(d["answered"]), fmt_num(hours(d["p90_day"]), 1),
                  fmt_num(hours(d["p90_7d"]), 1), fmt_pct(num(d["within_1h_7d"]), 0)] for d in last]
        day_table = table([("day", "l"), ("answered", "r"), ("p90 h", "r"), ("p90, 7 d, h", "r"),
                           ("≤ 1 h, 7 d, %", "r")], drows, name="care-daily",
                          caption=f"{esc(focus)}, the last 14 days, round the clock: answered conversations and "
                                  "p90 of the day, and over the 7 days to it: p90 and the share of answered "
                                  "conversations answered within 1 h.")
        return (
            '<section class="card" id="response" data-section="response">'
            "<h2>3. Customer care: first reply</h2>"
            '<p class="intro">How long customers wait for the brand\'s first reply: per conversation, from the '
            "customer's first message to the brand's first message after it (bots' auto-acknowledgements are "
            f"not replies). The target: {esc(self.sla_label)}, counting only the brand's opening hours.</p>"
            f"{heat}{sla_table}"
            f'{roll_fig}<div class="narrow">{day_table}</div>'
            "</section>")

    # -- appendix -------------------------------------------------------------
    def appendix(self):
        parts = []
        accounts = self.eng["accounts"] or []
        rows, rc = [], []
        for a in accounts:
            rows.append([esc(a["handle"]), fmt_int(a["posts"]), fmt_int(a["zero_impressions"]),
                         fmt_pct(num(a["impr_sums"])), fmt_pct(num(a["impr_mean"])),
                         fmt_pct(num(a["reach_sums"])), fmt_pct(num(a["reach_mean"]))])
            rc.append(self.row_class(a["brand"]))
        parts.append(table([("account", "l"), ("posts", "r"), ("0 impr.", "r"), ("impr. sums %", "r"),
                            ("impr. mean %", "r"), ("reach sums %", "r"), ("reach mean %", "r")], rows,
                           row_classes=rc, name="engagement-definitions",
                           caption="<strong>The four engagement rates tools report</strong>, %, every account over "
                                   "the window: ratio of sums (<code>engagement_rate_agg</code>; Rival IQ, Later) "
                                   "and mean of per-post rates (<code>avg_engagement_rate</code>; Iconosquare, "
                                   "Emplifi; small posts pull it up), by impressions and by reach. Posts with 0 "
                                   "impressions count in neither mean; posts without reach are left out by reach."))
        brands_total = self.voice["brands"] or []
        rows = [[esc(b["brand"]), fmt_pct(num(b["sov"]), 1), fmt_pct(num(b["sov_eng"]), 1)]
                for b in sorted(brands_total, key=lambda b: b["brand"] != self.focus)]
        parts.append(table([("brand", "l"), ("share of voice by count %", "r"),
                            ("by engagements %", "r")], rows,
                           row_classes=[self.row_class(b["brand"]) for b in
                                        sorted(brands_total, key=lambda b: b["brand"] != self.focus)],
                           name="voice-weighted",
                           caption="<strong>Share of voice weighted by the mentions' engagements</strong>, "
                                   "against the count-based share."))
        if self.resp:
            brands = self.resp["brands"] or []
            error = max([num(b["error"]) for b in brands if b.get("error") is not None] + [0])
            drows = []
            for b in brands:
                bots, p50 = num(b["p50_with_bots"]), num(b["p50"])
                extra = None
                if bots and p50 and (bots < p50 / 3 or bots > p50 * 3):
                    extra = {"value": bots, "label": "p50 if bot auto-replies counted"}
                drows.append((b["brand"], b["brand"] == self.focus, [
                    ("24/7", BLUE, p50, num(b["p90"]), num(b["p99"]), extra),
                    ("business", ORANGE, num(b["biz_p50"]), num(b["biz_p90"]), num(b["biz_p99"]), None)]))
            dots = percentile_dots("First reply time per brand: p50, p90 and p99, round the clock and in "
                                   "business hours", drows,
                                   x_title="first reply time (log scale): seconds, minutes (min), hours (h), days (d)")
            parts.append(figure(
                "first-reply",
                "<strong>First reply percentiles per brand</strong>: p50, p90 and p99, round the clock "
                "(<code>first_reply_sketch(conversation_id, at, from_brand)</code>, one pass per brand) and in "
                "business hours (<code>business_seconds</code> over the brand's <code>business_calendar</code>), "
                "and the p50 a report would show if it counted the bots' auto-acknowledgements as replies.",
                legend([("p50", "circle", "#3B4252"), ("p90", "diamond", "#3B4252"), ("p99", "triangle", "#3B4252"),
                        ("round the clock (24/7)", "swatch", BLUE), ("business hours", "swatch", ORANGE),
                        ("p50 if bot auto-replies were counted", "cross", GREY)]) + dots,
                note=f"Percentiles from quantile sketches: within ±{100 * error:.1f} % of the exact value."
                if error else None))
            rows = [[esc(b["brand"]), fmt_int(b["asked"]), fmt_pct(num(b["unanswered"]), 1),
                     fmt_num(minutes(b["p50"]), 0), fmt_num(hours(b["p90"]), 1), fmt_num(hours(b["p99"]), 1),
                     fmt_pct(num(b["within_1h"]), 0),
                     fmt_num(minutes(b["biz_p50"]), 0), fmt_num(hours(b["biz_p90"]), 1),
                     fmt_num(hours(b["biz_p99"]), 1), fmt_pct(num(b["biz_within_1h"]), 0),
                     fmt_num(minutes(b["p50_with_bots"]), 1)] for b in brands]
            parts.append(table(
                [("brand", "l"), ("asked", "r"), ("unans. %", "r"), ("p50 min", "r"), ("p90 h", "r"),
                 ("p99 h", "r"), ("≤ 1 h %", "r"), ("biz p50 min", "r"), ("biz p90 h", "r"), ("biz p99 h", "r"),
                 ("biz ≤ 1 h %", "r"), ("p50 w/ bots min", "r")], rows,
                row_classes=[self.row_class(b["brand"]) for b in brands], name="care-percentiles",
                caption="The chart's numbers. ≤ 1 h: of the <em>answered</em> conversations "
                        "(<code>approx_rank(sketch, 3600)</code>), unlike the SLA, which counts unanswered ones as "
                        "misses."))
        return ('<section class="card" id="appendix" data-section="appendix"><h2>Appendix: other definitions</h2>'
                '<p class="intro">For analysts: the definitions the headline does not use, and the effect of '
                "each choice.</p>" + "".join(parts) + "</section>")

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
            "shares are fractions shown as %, durations in hours unless a column says minutes. Every table has a "
            "CSV download made into the page. This page is self-contained: it loads nothing.</p>"
            "</div></footer>")


def add_days(iso, n):
    return (datetime.date.fromisoformat(iso[:10]) + datetime.timedelta(days=n)).isoformat()


def hours(s):
    return None if s is None else float(s) / 3600


def minutes(s):
    return None if s is None else float(s) / 60


def fmt_num(x, digits):
    return NA if x is None else f"{x:,.{digits}f}"


def parse_psql_html(text):
    """The tables of psql's HTML output (psql -H): [(title, headers,
    rows)], the title being the text printed before the table (\\echo)."""
    class P(html.parser.HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tables, self.pending, self.cur, self.row, self.cell = [], [], None, None, None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.cur = (" ".join(" ".join(self.pending).split()), [], [])
                self.pending = []
            elif tag == "tr" and self.cur is not None:
                self.row = []
            elif tag in ("td", "th") and self.row is not None:
                self.cell = []

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.row.append(" ".join("".join(self.cell).split()))
                self.cell = None
            elif tag == "tr" and self.row is not None:
                if self.row:
                    if not self.cur[1]:
                        self.cur[1].extend(self.row)
                    else:
                        self.cur[2].append(self.row)
                self.row = None
            elif tag == "table" and self.cur is not None:
                self.tables.append(self.cur)
                self.cur = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)
            elif self.cur is None and data.strip():
                self.pending.append(data)

    p = P()
    p.feed(text)
    return p.tables


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
.table-caption{color:var(--muted);font-size:13px;margin:0 0 6px}.table-caption strong{color:var(--ink)}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{border-bottom:2px solid #B9C1CD;font-weight:600;white-space:nowrap}
tbody th{font-weight:500;text-align:left;white-space:nowrap}
.r{text-align:right}.l{text-align:left}
tr.focus th,tr.focus td{background:var(--focus);font-weight:700}
table.heat td{text-align:center;font-size:12px;white-space:nowrap;padding:4px 5px}
table.heat tr.focus td{font-weight:700}
table.compact td{font-size:12px}
details{margin:4px 0 0}
summary{cursor:pointer;color:var(--accent);font-size:14px;margin-bottom:8px}
.note{font-size:12px;color:var(--muted);margin:4px 0 0}
p.csv{margin:4px 0 14px;font-size:12px}
p.csv a{color:#0B5C99}
.key{padding:0 4px;border-radius:3px;color:var(--ink);white-space:nowrap}
.key.within{background:#CDEBD6}.key.near{background:#FBE3AE}.key.over{background:#F5C6C1}
svg .event-label,svg .target-label{fill:#6B3F00}
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
    body = (report.header() + '<main class="wrap">' + report.glance() + report.what_changed_section()
            + report.decide_section()
            + report.engagement() + report.voice_section() + report.response_section() + report.appendix()
            + "</main>" + report.footer())
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
    ap.add_argument("--what-changed", metavar="FILE",
                    help="psql's HTML output (psql -H) of demo/report_what_changed.sql: its tables become the "
                         "section \"What changed\" (left out when FILE is empty or has no table)")
    ap.add_argument("--decide", metavar="FILE",
                    help="psql's HTML output (psql -H) of demo/report_decide.sql: its tables become the "
                         "sections \"Best time to post\" and \"What works\" (left out when FILE is empty or has "
                         "no table)")
    args = ap.parse_args()
    what_changed = decide = None
    if args.what_changed:
        with open(args.what_changed, encoding="utf-8") as f:
            what_changed = parse_psql_html(f.read()) or None
    if args.decide:
        with open(args.decide, encoding="utf-8") as f:
            decide = parse_psql_html(f.read()) or None
    if args.inputs:
        streams = []
        for p in args.inputs:
            with open(p, encoding="utf-8") as f:
                streams.append((p, f.read()))
    else:
        streams = [("stdin", sys.stdin.read())]
    out = page(Report(read_docs(streams), what_changed, decide))
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(out)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(out)


if __name__ == "__main__":
    main()
