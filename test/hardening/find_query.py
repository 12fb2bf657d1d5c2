#!/usr/bin/env python3
"""Find the full text of queries that crashed or hung, for a reproducer.

usage: find_query.py PREFIXES_FILE DUMP...

PREFIXES_FILE holds one query prefix per line (as PostgreSQL reported it:
truncated, newlines folded); each DUMP is a file of sqlsmith queries, each
ending with ";\n".  Prints, for every prefix, the last query of the dumps that
starts with it (whitespace-insensitive), or the prefix itself when none does.
"""
import re
import sys


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def main():
    prefixes = [norm(l) for l in open(sys.argv[1], encoding="utf-8", errors="replace") if l.strip()]
    queries = []
    for path in sys.argv[2:]:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                queries.extend(norm(q) for q in f.read().split(";\n") if q.strip())
        except OSError:
            pass
    for prefix in dict.fromkeys(prefixes):
        # the reported text may be cut in the middle of a token
        probe = prefix[: max(20, len(prefix) - 8)]
        found = [q for q in queries if q.startswith(probe)]
        print((found[-1] if found else prefix + " ... (full text not found)") + ";")


if __name__ == "__main__":
    main()
