#!/usr/bin/env python3
"""Verify exactsum_unit's output with exact rational arithmetic.

Each line: the accumulator's text, its to_double() in hex, then the added
doubles in hex.  The text must equal the exact sum of the inputs, each
rounded to the 2^-128 grid (to nearest, ties to even, on the magnitude), and
to_double must be that sum correctly rounded to a double."""
import sys
from fractions import Fraction

GRID = Fraction(1, 2 ** 128)


def on_grid(x):
    q = abs(x) / GRID
    n = q.numerator // q.denominator
    r = q - n
    if r > Fraction(1, 2) or (r == Fraction(1, 2) and n % 2 == 1):
        n += 1
    return (1 if x >= 0 else -1) * n * GRID


bad = lines = 0
for line in sys.stdin:
    parts = line.split()
    text, dbl = parts[0], float.fromhex(parts[1])
    xs = [Fraction(float.fromhex(p)) for p in parts[2:]]
    exact = sum((on_grid(x) for x in xs), Fraction(0))
    lines += 1
    if Fraction(text) != exact:
        bad += 1
        print("text is not the exact sum:", line.strip()[:200])
    elif dbl != float(exact):  # float(Fraction) rounds correctly
        bad += 1
        print("to_double is not correctly rounded:", line.strip()[:200])
print(f"{lines} sums checked, {bad} wrong")
sys.exit(1 if bad or lines < 1000 else 0)
