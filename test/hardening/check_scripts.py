#!/usr/bin/env python3
"""Static checks of extension install/update scripts against search-path hijacking.

usage: check_scripts.py SCRIPT...

For every statement (comments and dollar-quoted bodies handled):
  - no CREATE OR REPLACE (it would adopt an object an attacker pre-created);
  - every CREATE of a function, aggregate, type, operator, table, view,
    sequence, domain, cast or operator class/family names its object with
    @extschema@. (casts: both types qualified);
  - in CREATE AGGREGATE / TYPE / OPERATOR, every support function and type
    option (sfunc, stype, combinefunc, input, output, procedure, ...) is
    qualified (@extschema@. or pg_catalog.).
Prints one line per finding, then the names of functions the scripts call
(for the decoys of the hijack test) after a line "CALLED:".  Exit 1 on a
finding.
"""
import re
import sys

KEYWORDS = set("""
select from where and or not in is null as on create function aggregate type operator returns
return language immutable stable volatile strict parallel safe restricted unsafe cost rows support
comment table view index sequence domain cast with without inout out variadic default set values
cascade restrict alter extension schema grant revoke to public exists if replace case when then
else end begin declare perform raise exception loop for while array coalesce nullif greatest least
row setof trigger procedure execute internal leakproof security definer invoker called input
any all some distinct order by group having limit offset union intersect except join using over
partition window filter within primary key references check constraint unique collate numeric
decimal float double precision varchar char character interval timestamp time date boolean
bigint integer int smallint real text bytea overlay position substring trim extract
bit varbit nchar national xmlelement xmlforest xmlparse xmlpi xmlroot xmlserialize xmlconcat
grouping treat normalize collation
""".split())

CALL = re.compile(r"(?<![.\w$\"])([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def unqualified_calls(code):
    """Function calls not qualified with a schema (resolved through search_path)."""
    return sorted({m.group(1) for m in CALL.finditer(code) if m.group(1).lower() not in KEYWORDS})

QUALIFIED_CREATES = re.compile(
    r"^\s*create\s+(?:or\s+replace\s+)?(?:trusted\s+)?(?:procedural\s+)?"
    r"(function|aggregate|type|operator\s+class|operator\s+family|operator|table|view|"
    r"materialized\s+view|sequence|domain|procedure)\s+(?:if\s+not\s+exists\s+)?(\S+)",
    re.I | re.S)
SUPPORT_OPTS = re.compile(
    r"\b(sfunc|stype|finalfunc|combinefunc|serialfunc|deserialfunc|msfunc|minvfunc|mstype|"
    r"mfinalfunc|input|output|receive|send|typmod_in|typmod_out|analyze|subscript|"
    r"function|procedure|restrict|join|commutator|negator|leftarg|rightarg|element|"
    r"basetype)\s*=\s*([^,)\s][^,)]*)", re.I)
SAFE_QUALIFIERS = ("@extschema@.", "pg_catalog.")


def strip(text):
    """Remove comments, keep dollar-quoted bodies and strings as opaque."""
    out, i, n = [], 0, len(text)
    bodies = []
    while i < n:
        if text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif text[i] == "$":
            m = re.match(r"\$[A-Za-z_0-9]*\$", text[i:])
            if m:
                tag = m.group(0)
                j = text.find(tag, i + len(tag))
                j = n if j < 0 else j
                bodies.append(text[i + len(tag):j])
                out.append(" $BODY$ ")
                i = j + len(tag)
            else:
                out.append("$")
                i += 1
        elif text[i] == "'":
            j = i + 1
            while j < n:
                if text[j] == "'" and text.startswith("''", j):
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    j += 1
            out.append(" 'STR' ")
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out), bodies


def main():
    findings = 0
    called = set()
    for path in sys.argv[1:]:
        text = open(path, encoding="utf-8").read()
        code, bodies = strip(text)
        for body in bodies:
            called.update(m.lower() for m in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(", body))
            for name in unqualified_calls(body):
                findings += 1
                print(f"{path}: unqualified call {name}() in a function or DO body")
        for stmt in code.split(";"):
            s = stmt.strip()
            if not s:
                continue
            low = s.lower()
            for m in re.finditer(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(", s):
                called.add(m.group(1).lower())
            short = re.sub(r"\s+", " ", s)[:100]
            for name in unqualified_calls(s):
                findings += 1
                print(f"{path}: unqualified call {name}(): {short}")
            if re.match(r"^create\s+or\s+replace\b", low):
                findings += 1
                print(f"{path}: CREATE OR REPLACE: {short}")
            m = QUALIFIED_CREATES.match(s)
            if m and not m.group(2).startswith("@extschema@."):
                findings += 1
                print(f"{path}: {m.group(1).upper()} not created as @extschema@.name: {short}")
            mc = re.match(r"^create\s+cast\s*\(\s*(\S+)\s+as\s+([^)]+)\)", s, re.I)
            if mc:
                for t in (mc.group(1), mc.group(2).strip()):
                    if not t.startswith(SAFE_QUALIFIERS):
                        findings += 1
                        print(f"{path}: CAST type {t} not qualified: {short}")
            opts = None
            if re.match(r"^create\s+(type|operator)\b", low) and "(" in s:
                opts = s[s.index("("):]
            elif re.match(r"^create\s+aggregate\b", low) and "(" in s:
                # options follow the argument list: "name (args) ( options )"
                depth, k = 0, s.index("(")
                for k in range(s.index("("), len(s)):
                    depth += s[k] == "("
                    depth -= s[k] == ")"
                    if depth == 0:
                        break
                opts = s[k + 1:]
            if opts:
                for o in SUPPORT_OPTS.finditer(opts):
                    val = o.group(2).strip()
                    if o.group(1).lower() in ("commutator", "negator"):
                        continue  # operators named inside OPERATOR(...) or bare symbols
                    if re.fullmatch(r"-?[0-9.]+|true|false|internal|'STR'|\$BODY\$", val, re.I):
                        continue
                    if not val.startswith(SAFE_QUALIFIERS):
                        findings += 1
                        print(f"{path}: option {o.group(1)} = {val} not qualified: {short}")
    print("CALLED: " + " ".join(sorted(c for c in called if c not in KEYWORDS)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
