#!/usr/bin/env bash
# The HTML page of the main job's report (demo/report_json.sql +
# demo/report_html.py, as tools/demo.sh builds it), rendered in Debian's
# headless Chromium.
#  1. a small sample data set; one account handle is made hostile
#     (<script>, quotes, &) to check that data text is escaped;
#  2. the page is one self-contained file: no http(s) URL other than the SVG
#     namespace, no src attribute, no link other than in-page anchors, no
#     CSS url()/@import, a Content-Security-Policy that forbids every load;
#     the hostile handle appears escaped only;
#  3. figures against plain SQL: the focus brand's engagement-rate card,
#     every brand's mentions and share of voice and, with section 3, its
#     conversations, unanswered share and SLA attainment (a first reply
#     within 1 business hour, unanswered = miss), read back from the page;
#  4. Chromium (--dump-dom): no console message at all (CSP violations,
#     exceptions, logs), the page's own check ran (data-report="ok N" on
#     <html>, no data-report-errors); in the rendered DOM every expected
#     section and chart is there, each chart with non-empty SVG marks
#     (counted here, not by the page), no injected element; the share of
#     voice chart has four lines (us and the top three competitors); the
#     planted events are marked (Cobalt's crisis on the share-of-voice chart,
#     our campaign on our engagement panels, our holiday closure on the care
#     chart; with "What changed", the planted drop and launch too);
#  4b. in Chromium again, with test/report_checks.js added to a copy of the
#     page: every visible text (HTML and SVG) has a WCAG contrast ratio of
#     at least 4.5 against what it sits on, from computed colours (HTML:
#     the ancestors' backgrounds composited; SVG: the filled shape under the
#     text); every table has a CSV download link (a data: URI) whose CSV is
#     the table's text, cell for cell;
#  5. a screenshot at 1280x2400 ($SM_TMP/report.png), a PNG of that size;
#  6. the checks can fail: a spoiled copy of the page (an external image, an
#     exception in a script, a chart without marks, a low-contrast label in
#     HTML and in SVG, a table whose CSV differs, a table without a link)
#     trips every detector, and the page's CSP blocks (and reports) an
#     external image;
#  7. the generator on empty and null data writes a page; without a
#     required section it fails and writes nothing.
# The response-time section is expected when the extension has reply
# pairing, the sketch and business time, and the note that replaces it
# otherwise.
set -euo pipefail

psql=(psql -X -q -v ON_ERROR_STOP=1)
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
# check NAME CONDITION [DETAILS]: DETAILS are printed when CONDITION fails
check() {
	if eval "$2"; then ok "$1"; else
		bad "$1"
		[ -z "${3:-}" ] || sed 's/^/    /' <<<"$3" | head -n 20
	fi
}

chromium=${SM_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "chromium not found at $chromium (Debian package chromium)"; exit 1; }
py=python3

# 1. data and page -----------------------------------------------------------
"${psql[@]}" -c 'CREATE EXTENSION social_metrics'
"${psql[@]}" -v posts=3000 -v conversations=2400 -v mentions=20000 \
	-f "$SM_ROOT/demo/schema.sql" -f "$SM_ROOT/demo/generate.sql"
hostile='acme_fb<script>document.title="pwned"</script>&"'"'"
"${psql[@]}" -v h="$hostile" -f - <<<"UPDATE demo.accounts SET handle = :'h' WHERE handle = 'acme_fb'"

html=$SM_TMP/report.html
"${psql[@]}" -At -v demo_dir="$SM_ROOT/demo" -f "$SM_ROOT/demo/report_json.sql" >"$SM_TMP/report.jsonl"
# "What changed" as tools/demo.sh makes it: psql's HTML output of the slot
# (empty while demo/what_changed.sql does not exist).
"${psql[@]}" -H -v demo_dir="$SM_ROOT/demo" -v report_header=none -f "$SM_ROOT/demo/report_what_changed.sql" \
	>"$SM_TMP/what_changed.html"
# "Best time to post" and "What works" likewise (empty notes without 1.2.0)
"${psql[@]}" -H -v demo_dir="$SM_ROOT/demo" -v report_header=none -f "$SM_ROOT/demo/report_decide.sql" \
	>"$SM_TMP/decide.html"
$py "$SM_ROOT/demo/report_html.py" -o "$html" --what-changed "$SM_TMP/what_changed.html" \
	--decide "$SM_TMP/decide.html" "$SM_TMP/report.jsonl"
ok "page written: $(wc -c <"$html") bytes, $(wc -l <"$SM_TMP/report.jsonl") JSON documents"

has_response=$("${psql[@]}" -At -f - <<'EOF'
SELECT count(DISTINCT proname) = 12 AND to_regtype('business_calendar') IS NOT NULL
FROM pg_proc
WHERE pg_function_is_visible(oid) AND proname = ANY ('{first_reply_seconds,first_reply_sketch,quantile_sketch,
	approx_percentile,approx_percentiles,approx_rank,sketch_count,sketch_error,rollup,business_seconds,
	local_bucket,local_date}')
EOF
)
sections="glance engagement voice appendix"
charts="engagement share-of-voice net-sentiment"
events="share-of-voice:Cobalt engagement:campaign"
if grep -qi '<table' "$SM_TMP/what_changed.html"; then
	sections+=" what-changed"
	events+=" share-of-voice:Dunmore engagement:drop"   # the planted changes come with it
else
	echo "# no \"What changed\" tables (demo/what_changed.sql absent or empty): the section is left out"
fi
if grep -qi '<table' "$SM_TMP/decide.html"; then
	sections+=" best-time what-works"
fi
if [ "$has_response" = t ]; then
	sections+=" response"
	charts+=" sla rolling-p90 first-reply"
	events+=" rolling-p90:closed"
else
	sections+=" response-missing"
	echo "# the extension lacks reply pairing, the sketch or business time: expecting the note instead of section 3"
fi

# 2. self-contained, escaped ------------------------------------------------------
# static_checks FILE: prints one line per problem found
static_checks() {
	$py - "$1" <<'EOF'
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
urls = [u for u in re.findall(r"""https?://[^\s"'<>)]*""", s) if u != "http://www.w3.org/2000/svg"]
if urls:
    print("network URLs: " + " ".join(sorted(set(urls))[:5]))
if re.search(r"\ssrc\s*=", s, re.I):
    print("a src attribute")
hrefs = [h for h in re.findall(r"""\shref\s*=\s*["']?([^"'\s>]*)""", s, re.I)
         if not h.startswith("#") and not h.startswith("data:text/csv;charset=utf-8,")]
if hrefs:
    print("links out of the page: " + " ".join(hrefs[:5]))
if re.search(r"url\(|@import|<link\b|<iframe\b|<object\b|<embed\b", s, re.I):
    print("url()/@import/link/iframe/object/embed")
csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', s)
csp = html.unescape(csp.group(1)) if csp else ""
if "default-src 'none'" not in csp or "unsafe-eval" in csp or "script-src 'sha256-" not in csp:
    print("no Content-Security-Policy with default-src 'none'")
if not s.startswith("<!DOCTYPE html>"):
    print("no doctype")
EOF
}
problems=$(static_checks "$html")
check "self-contained: no network URL, src, outside link, url()/@import; CSP default-src 'none'" \
	'[ -z "$problems" ]' "$problems"
check "the hostile handle is escaped" \
	"grep -qF 'acme_fb&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;&amp;&quot;&#x27;' '$html'"
check "the hostile handle appears nowhere unescaped" "! grep -qF '<script>document.title' '$html'"

# 3. figures against plain SQL ------------------------------------------------------
# Each oracle row: kind|section|label|column|value|tolerance.  The window is
# the report's: the last 8 complete weeks of the data (local weeks).  kpi: a
# card's value; row: the first table row of the page section whose header
# cell is the label, column = its cell number after the label.
"${psql[@]}" -At -F '|' -v has_response="$has_response" -f - >"$SM_TMP/oracle.txt" <<'EOF'
CREATE TEMP TABLE win AS
SELECT max(date_trunc('week', p.posted_at AT TIME ZONE b.tz))::date - 49 AS since,
	max(date_trunc('week', p.posted_at AT TIME ZONE b.tz))::date + 6 AS until
FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand);
-- the focus brand's ratio of sums, %
SELECT 'kpi', '', 'Engagement rate', 0, 100 * sum(p.engagements)::float8 / sum(p.impressions), 0.0051
FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand), win
WHERE b.focus AND (date_trunc('week', p.posted_at AT TIME ZONE b.tz))::date BETWEEN win.since AND win.until;
-- every brand's mentions and share of voice, %, weeks of the focus brand's zone
SELECT 'row', 'voice', brand, col, v, tol FROM (
	SELECT m.brand, count(*)::float8 AS n, 100 * count(*)::float8 / sum(count(*)) OVER () AS sov
	FROM demo.mentions m, win, (SELECT tz FROM demo.brands WHERE focus) AS f
	WHERE date_trunc('week', m.at AT TIME ZONE f.tz)::date BETWEEN win.since AND win.until
	GROUP BY m.brand) AS x
CROSS JOIN LATERAL (VALUES (1, n, 0), (2, sov, 0.051)) AS c(col, v, tol);
\if :has_response
-- customer care: conversations a customer opened in the window (local days),
-- the share, %, answered within 1 h of the brand's business hours (the
-- pairing in plain SQL; unanswered ones are misses) and the share the brand
-- never answered (bots' messages are not replies)
SELECT 'row', 'glance', brand, col, v, tol FROM (
	SELECT c.brand, count(*)::float8 AS asked, 100 * avg((r.at IS NULL)::int)::float8 AS unanswered,
		100 * avg(coalesce(business_seconds(q.at, r.at, b.calendar::business_calendar) <= 3600, false)::int)::float8 AS sla
	FROM demo.conversations c
	JOIN demo.brands b USING (brand)
	CROSS JOIN win
	CROSS JOIN LATERAL (SELECT min(at) AS at FROM demo.messages m
		WHERE m.conversation_id = c.conversation_id AND NOT m.from_brand) AS q
	CROSS JOIN LATERAL (SELECT min(at) AS at FROM demo.messages m
		WHERE m.conversation_id = c.conversation_id AND m.from_brand AND NOT m.automated AND m.at > q.at) AS r
	WHERE q.at IS NOT NULL AND (c.started_at AT TIME ZONE b.tz)::date BETWEEN win.since AND win.until
	GROUP BY c.brand) AS x
CROSS JOIN LATERAL (VALUES (3, asked, 0), (6, sla, 0.051), (7, unanswered, 0.051)) AS c(col, v, tol);
\endif
EOF
figures=$($py - "$html" "$SM_TMP/oracle.txt" <<'EOF'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()

def section(name):
    a = page.index(f'data-section="{name}"')
    return page[a:page.index("</section>", a)]

def number(cell):
    t = html.unescape(re.sub(r"<[^>]*>", "", cell))
    return float(t.replace(",", "").replace("%", "").replace("\u2212", "-").strip())

checked = wrong = 0
for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
    kind, sec, label, col, want, tol = line.split("|")
    want, tol, col = float(want), float(tol), int(col)
    try:
        if kind == "kpi":
            m = re.search(r'<div class="kpi-label">' + re.escape(label)
                          + r'</div><div class="kpi-value">([^<]*)</div>', page)
            got = number(m.group(1))
        else:
            row = re.search(r'<tr[^>]*><th scope="row" class="l">' + re.escape(html.escape(label))
                            + r"</th>(.*?)</tr>", section(sec))
            got = number(re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))[col - 1])
    except (AttributeError, IndexError, ValueError) as e:
        print(f"{kind} {sec} {label} column {col}: not found in the page ({e})")
        wrong += 1
        continue
    checked += 1
    if abs(got - want) > tol + 1e-9:
        print(f"{kind} {sec} {label} column {col}: page {got}, plain SQL {want}")
        wrong += 1
print(f"{checked} figures checked, {wrong} wrong")
EOF
)
what="the engagement card, mentions and share of voice per brand"
[ "$has_response" = t ] && what+=", conversations asked, SLA % and unanswered % per brand"
summary=${figures##*$'\n'}
check "page figures = plain SQL ($what): $summary" \
	'[[ $summary =~ ^[1-9][0-9]*\ figures\ checked,\ 0\ wrong$ ]]' "$figures"

# 4. Chromium ----------------------------------------------------------------------
# render NAME FILE [chromium options...]: DOM to $SM_TMP/NAME.dom, log to
# $SM_TMP/NAME.log; a fresh profile each time
render() {
	local name=$1 file=$2
	shift 2
	rm -rf "$SM_TMP/profile-$name"
	timeout -k 10 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$SM_TMP/profile-$name" --enable-logging=stderr --v=0 "$@" \
		"file://$file" >"$SM_TMP/$name.dom" 2>"$SM_TMP/$name.log"
}
# console FILE: the page's console messages (CSP violations, exceptions,
# console.* calls) and network errors from a Chromium log
console() { grep -E 'CONSOLE|Uncaught|Content Security Policy|net::ERR_' "$1" || true; }
# dom_checks DOM SECTIONS CHARTS: one line per problem in a dumped DOM
dom_checks() {
	$py - "$@" <<'EOF'
import re, sys
from html.parser import HTMLParser
dom, want_sections, want_charts = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
want_events = [e.split(":", 1) for e in (sys.argv[4].split() if len(sys.argv) > 4 else [])]

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.sections, self.marks, self.html_attrs = [], [], {}, {}
        self.scripts, self.sov_lines, self.events, self.in_event = 0, 0, {}, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        void = tag in ("meta", "br", "img", "input", "link", "hr")
        if tag == "html":
            self.html_attrs = a
        if tag == "script":
            self.scripts += 1
        if tag == "section" and "data-section" in a:
            self.sections.append(a["data-section"])
        chart = a.get("data-chart") if tag == "figure" else None
        if chart:
            self.marks[chart] = 0
        cur = chart or next((c for t, c in reversed(self.stack) if c), None)
        if cur and "mark" in (a.get("class") or "").split() and self.nonempty(tag, a):
            self.marks[cur] += 1
            if cur == "share-of-voice" and tag == "path" and "line" in (a.get("class") or "").split():
                self.sov_lines += 1
        if cur and tag == "g" and "event" in (a.get("class") or "").split():
            self.in_event = cur
            self.events.setdefault(cur, "")
        if not void and not self.self_closing:
            self.stack.append((tag, chart))
    self_closing = False
    def handle_startendtag(self, tag, attrs):
        self.self_closing = True
        self.handle_starttag(tag, attrs)
        self.self_closing = False
    def handle_data(self, data):
        if self.in_event:
            self.events[self.in_event] += data + " "
    def handle_endtag(self, tag):
        if tag == "g":
            self.in_event = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
    @staticmethod
    def nonempty(tag, a):
        if tag == "rect":
            return float(a.get("width", 0)) > 0 and float(a.get("height", 0)) > 0
        if tag == "circle":
            return float(a.get("r", 0)) > 0
        if tag == "path":
            return len(re.findall(r"[ML]", a.get("d", ""))) >= 2
        if tag == "polygon":
            return len(a.get("points", "").split()) >= 3
        if tag == "line":
            return (a.get("x1"), a.get("y1")) != (a.get("x2"), a.get("y2"))
        return False

p = P()
p.feed(open(dom, encoding="utf-8").read())
n = len(want_charts)
if p.html_attrs.get("data-report") != f"ok {n}":
    print(f"<html data-report> is {p.html_attrs.get('data-report')!r}, not 'ok {n}'")
if "data-report-errors" in p.html_attrs:
    print("errors caught by the page: " + p.html_attrs["data-report-errors"])
for s in want_sections:
    if s not in p.sections:
        print(f"section {s} missing (sections: {' '.join(p.sections)})")
for c in want_charts:
    if p.marks.get(c, 0) == 0:
        print(f"chart {c}: no SVG marks")
extra = sorted(set(p.marks) - set(want_charts))
if extra:
    print("unexpected charts: " + " ".join(extra))
if p.scripts != 1:
    print(f"{p.scripts} script elements, expected the page's own only")
# share of voice: us and the top three competitors, one line each
if "share-of-voice" in want_charts and p.sov_lines != 4:
    print(f"share-of-voice chart has {p.sov_lines} lines, not 4 (us and the top three competitors)")
for chart, word in want_events:
    if word not in p.events.get(chart, ""):
        print(f"chart {chart}: no event marked with '{word}' (events: {p.events.get(chart, '').strip()!r})")
print(f"# marks per chart: {p.marks}", file=sys.stderr)
EOF
}

if render page "$html" --dump-dom; then ok "Chromium rendered the page"; else bad "Chromium exit status $?"; fi
msgs=$(console "$SM_TMP/page.log")
check "no console message, exception, CSP violation or network error" '[ -z "$msgs" ]' "$msgs"
problems=$(dom_checks "$SM_TMP/page.dom" "$sections" "$charts" "$events")
check "rendered DOM: page check ok, sections ($sections), charts with marks ($charts), events ($events)" \
	'[ -z "$problems" ]' "$problems"
check "the page title is the report's (no injected script ran)" \
	"grep -q '<title>social_metrics sample report: ' '$SM_TMP/page.dom'"

# 4b. contrast and CSV, measured in the browser --------------------------------
# with_checks PAGE OUT: a copy of PAGE with test/report_checks.js run at the
# end of its body (the CSP, which admits only the page's own script, removed)
with_checks() {
	$py - "$1" "$2" "$SM_ROOT/test/report_checks.js" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", s, count=1)
s = s.replace("</body>", "<script>" + open(sys.argv[3], encoding="utf-8").read() + "</script></body>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
}
# attr DOM NAME: an attribute of <html> in a dumped DOM
attr() {
	$py - "$1" "$2" <<'EOF'
import html, re, sys
m = re.search(r"<html[^>]*\s" + re.escape(sys.argv[2]) + r'="([^"]*)"', open(sys.argv[1], encoding="utf-8").read())
print(html.unescape(m.group(1)) if m else "(missing)")
EOF
}
with_checks "$html" "$SM_TMP/checked.html"
render checked "$SM_TMP/checked.html" --dump-dom --window-size=1280,9000 || true
contrast=$(attr "$SM_TMP/checked.dom" data-contrast)
check "contrast: every visible text >= 4.5:1 against its background, by computed colours ($contrast)" \
	'[[ $contrast =~ ^checked\ [0-9]{3,},\ failing\ 0, ]]' "$(attr "$SM_TMP/checked.dom" data-contrast-failures | tr '|' '\n')"
csv=$(attr "$SM_TMP/checked.dom" data-csv)
ntables=$(grep -o '<table' "$html" | wc -l)
check "CSV: every table ($ntables) has a data: CSV download whose content is the table ($csv)" \
	'[ "$csv" = "tables $ntables, matching $ntables" ] && [ "$ntables" -ge 8 ]' \
	"$(attr "$SM_TMP/checked.dom" data-csv-problems | tr '|' '\n')"
msgs=$(console "$SM_TMP/checked.log")
check "no console message while checking contrast and CSV" '[ -z "$msgs" ]' "$msgs"

# 5. screenshot ----------------------------------------------------------------
rm -f "$SM_TMP/report.png"
render shot "$html" --hide-scrollbars --window-size=1280,2400 --screenshot="$SM_TMP/report.png" || true
size=$($py -c '
import struct, sys
d = open(sys.argv[1], "rb").read(24)
print("%dx%d" % struct.unpack(">II", d[16:24]) if d[:8] == b"\x89PNG\r\n\x1a\n" else "not a PNG")
' "$SM_TMP/report.png" 2>/dev/null || echo "no file")
check "screenshot $SM_TMP/report.png: $size, $(wc -c <"$SM_TMP/report.png" 2>/dev/null || echo 0) bytes" \
	"[ '$size' = 1280x2400 ] && [ \$(wc -c <'$SM_TMP/report.png') -gt 100000 ]"
msgs=$(console "$SM_TMP/shot.log")
check "no console message during the screenshot" '[ -z "$msgs" ]' "$msgs"

# 6. the detectors detect -----------------------------------------------------------
# The spoiled page: an external image, the first chart's marks renamed, and
# (with the CSP removed, so that it runs) a script that throws.
spoiled=$SM_TMP/spoiled.html
$py - "$html" "$spoiled" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", s, count=1)
s = s.replace("<body>", '<body><img alt="" src="https://127.0.0.1:9/pixel.png">', 1)
s = s.replace("</body>", "<script>null.boom();</script></body>", 1)
a = s.index('data-chart="engagement"')
b = s.index("</figure>", a)
s = s[:a] + s[a:b].replace('class="mark', 'class="spoiled') + s[b:]
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
problems=$(static_checks "$spoiled")
check "spoiled page: static checks find the URL, the src and the missing CSP" \
	'grep -q "network URLs" <<<"$problems" && grep -q "src attribute" <<<"$problems" && grep -q "Content-Security" <<<"$problems"'
render spoiled "$spoiled" --dump-dom || true
check "spoiled page: the exception is in the console log" 'console "$SM_TMP/spoiled.log" | grep -q "Uncaught TypeError"'
problems=$(dom_checks "$SM_TMP/spoiled.dom" "$sections" "$charts" 2>/dev/null)
check "spoiled page: DOM checks find the caught error and the empty chart" \
	'grep -q "errors caught by the page" <<<"$problems" && grep -q "chart engagement: no SVG marks" <<<"$problems" && grep -q "data-report" <<<"$problems"'

# Low contrast in HTML and SVG, a CSV that differs from its table, a table
# without a link: each is reported.
$py - "$html" "$SM_TMP/spoiled2.html" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace('<main class="wrap">', '<main class="wrap"><p style="color:#777777;background:#888888">grey on grey</p>'
              '<svg width="200" height="40" xmlns="http://www.w3.org/2000/svg"><rect width="200" height="40" '
              'fill="#1D2433"/><text x="10" y="25" fill="#332288">indigo on ink</text></svg>'
              '<table><tr><td>no link</td></tr></table>', 1)
a = s.index('class="csv-link"')
b = s.index("%0D%0A", a)
s = s[:b] + "%2Cextra" + s[b:]
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
with_checks "$SM_TMP/spoiled2.html" "$SM_TMP/spoiled2-checked.html"
render spoiled2 "$SM_TMP/spoiled2-checked.html" --dump-dom --window-size=1280,9000 || true
failures=$(attr "$SM_TMP/spoiled2.dom" data-contrast-failures)
check "spoiled page: the contrast check finds grey on grey (HTML) and indigo on ink (SVG)" \
	'grep -q "grey on grey" <<<"$failures" && grep -q "indigo on ink" <<<"$failures"' "$failures"
problems=$(attr "$SM_TMP/spoiled2.dom" data-csv-problems)
check "spoiled page: the CSV check finds the table without a link and the CSV that differs" \
	'grep -q "no CSV link" <<<"$problems" && grep -q "CSV .* vs table" <<<"$problems"' "$problems"

# The same external image in the page with its CSP: blocked, and reported.
sed 's|<body>|<body><img alt="" src="https://127.0.0.1:9/pixel.png">|' "$html" >"$SM_TMP/blocked.html"
render blocked "$SM_TMP/blocked.html" --dump-dom || true
check "page with an external image: the CSP blocks it and the console says so" \
	'console "$SM_TMP/blocked.log" | grep -q "violates the following Content Security Policy"'

# 7. the generator on degenerate data -------------------------------------------
# Empty and null data (a window without posts, mentions or answered
# conversations) give a page, not a traceback; a missing section is an error.
cat >"$SM_TMP/empty.jsonl" <<'EOF'
{"section": "meta", "title": "t", "posts": 0, "accounts": 0, "brands": 1, "conversations": 0, "messages": 0, "mentions": 0, "since": "2026-03-02", "until": "2026-03-08", "weeks": ["2026-03-02"], "focus": "A<b>", "focus_tz": "UTC", "brand_list": [{"brand": "A<b>", "rank": 1, "focus": true, "tz": "UTC", "calendar": "UTC"}]}
{"section": "engagement", "weekly": null, "accounts": null, "focus_total": null, "top_posts": null}
{"section": "voice", "weekly": null, "focus_weekly": null, "focus_total": {"mentions": 0, "ours": 0, "sov": null, "sov_eng": null, "net_ours": null, "net_others": null}, "brands": null}
{"section": "events", "events": null}
{"section": "response", "brands": [{"brand": "A<b>", "rank": 1, "asked": 2, "answered": 0, "unanswered": 1, "sla": 0, "sla_clock": 0, "weekend": 0.5, "closed": 1, "open_hours_week": 0, "p50": null, "p90": null, "p99": null, "within_1h": null, "biz_p50": null, "biz_p90": null, "biz_p99": null, "biz_within_1h": null, "p50_with_bots": null, "error": null}], "weekly": null, "daily": [{"day": "2026-03-02", "answered": null, "p90_day": null, "p90_7d": null, "within_1h_7d": null, "others_p90_7d": null, "others_within_1h_7d": null}]}
EOF
if $py "$SM_ROOT/demo/report_html.py" -o "$SM_TMP/empty.html" "$SM_TMP/empty.jsonl" 2>"$SM_TMP/empty.err" &&
	tail -n 1 "$SM_TMP/empty.html" | grep -q '^</html>$' && grep -q 'A&lt;b&gt;' "$SM_TMP/empty.html"; then
	ok "empty and null data: the generator writes a page"
else
	bad "empty and null data: $(tail -n 3 "$SM_TMP/empty.err")"
fi
grep -v '"section": "voice"' "$SM_TMP/empty.jsonl" >"$SM_TMP/novoice.jsonl"
if ! $py "$SM_ROOT/demo/report_html.py" -o "$SM_TMP/novoice.html" "$SM_TMP/novoice.jsonl" 2>"$SM_TMP/novoice.err" &&
	grep -q 'missing section(s): voice' "$SM_TMP/novoice.err" && [ ! -e "$SM_TMP/novoice.html" ]; then
	ok "a missing section: an error, and no page"
else
	bad "a missing section: $(cat "$SM_TMP/novoice.err")"
fi

echo "$fails failed"
[ "$fails" -eq 0 ]
