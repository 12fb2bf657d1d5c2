#!/usr/bin/env bash
# Release metadata agree, and `make dist` gives a PGXN zip that matches
# META.json:
#  - META.json is valid JSON with the PGXN spec's required keys; its version
#    and provides.social_metrics.version equal the control file's
#    default_version, and so does debian/changelog's upstream version;
#  - the zip holds exactly the committed tree (git ls-tree HEAD) under
#    social_metrics-VERSION/, plus the file META.json's provides names, and
#    no build products.
# Works on a copy of the checkout's git history; skips outside a git checkout.
set -euo pipefail

ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=${SM_TMP:-$(mktemp -d)}
[ -n "${SM_TMP:-}" ] || trap 'rm -rf "$TMP"' EXIT
command -v python3 >/dev/null || { echo "skip: python3 is not installed"; exit 77; }
command -v git >/dev/null && git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null ||
	{ echo "skip: not a git checkout (make dist archives HEAD)"; exit 77; }

# make dist in a clone of HEAD, so the checkout's own files stay untouched
rm -rf "$TMP/clone"
git clone -q --no-hardlinks "$ROOT" "$TMP/clone" 2>/dev/null ||
	git -c safe.directory='*' clone -q --no-hardlinks "$ROOT" "$TMP/clone"
cd "$TMP/clone"
git -c safe.directory='*' checkout -q "$(git -c safe.directory='*' -C "$ROOT" rev-parse HEAD)"
make -s dist >/dev/null
extver=$(sed -n "s/^default_version = '\(.*\)'/\1/p" social_metrics.control)
zip=social_metrics-$extver.zip
[ -f "$zip" ] || { echo "not ok - make dist did not make $zip"; exit 1; }
git ls-tree -r --name-only HEAD >"$TMP/tree"

python3 - "$zip" "$extver" "$TMP/tree" <<'PY'
import json, re, sys, zipfile
zpath, extver, treefile = sys.argv[1:4]
fails = 0
def check(cond, what):
    global fails
    print(("ok - " if cond else "not ok - ") + what)
    fails += not cond

meta = json.load(open("META.json"))          # invalid JSON fails here
required = ["name", "abstract", "version", "maintainer", "license", "provides", "meta-spec"]
check(all(k in meta for k in required), "META.json has the PGXN required keys")
check(meta.get("meta-spec", {}).get("version") == "1.0.0", "META.json meta-spec 1.0.0")
check(meta.get("version") == extver, f"META.json version {meta.get('version')} == control default_version {extver}")
prov = meta.get("provides", {}).get("social_metrics", {})
check(prov.get("version") == extver, f"provides.social_metrics.version {prov.get('version')} == {extver}")
check(re.fullmatch(r"\d+\.\d+\.\d+", meta.get("version", "")) is not None, "version is semantic (x.y.z)")
deb = open("debian/changelog").readline()
m = re.match(r"\S+ \(([^)-]+)-[^)]+\)", deb)
check(m is not None and m.group(1) == extver, f"debian/changelog upstream version {m and m.group(1)} == {extver}")

prefix = f"social_metrics-{extver}/"
names = [n for n in zipfile.ZipFile(zpath).namelist() if not n.endswith("/")]
check(all(n.startswith(prefix) for n in names), f"every zip member is under {prefix}")
inzip = {n[len(prefix):] for n in names}
tree = set(open(treefile).read().split("\n")) - {""}
check(tree <= inzip, f"the zip holds the {len(tree)} committed files (missing: {sorted(tree - inzip)[:5]})")
extra = inzip - tree
check(extra == {prov.get("file")}, f"beyond them only the provided file {prov.get('file')} (extra: {sorted(extra)})")
check(prov.get("file") in inzip, f"provides.file {prov.get('file')} is in the zip")
check(prov.get("docfile") in inzip, f"provides.docfile {prov.get('docfile')} is in the zip")
check("META.json" in inzip and "social_metrics.control" in inzip and "Makefile" in inzip, "META.json, control file and Makefile in the zip")
# pg_regress's results/ at the top of the tree is a build product; the
# benchmark's committed bench/results/ is not
bad = [n for n in inzip if re.search(r"\.(o|so|bc|a)$|^results/", n)]
check(not bad, f"no build products in the zip {bad[:5]}")
sys.exit(1 if fails else 0)
PY
