#!/usr/bin/env bash
# Reader fuzzing on a large budget (issue 20): seeded mutants of the reference and demo files, each read with a
# 10 s limit; fails on any stack trace, printed parser noise, OutOfMemoryError, hang or raw exception text.
#   scripts/fuzz.sh [MUTANTS=10000] [SEED=100000]
# mvn verify runs the same test with 300 mutants. A finding names its seed: rerun it with MUTANTS=1 SEED=<seed>.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# (also: ./interphase bench --only fuzz --mutants N)
mvn -o -q test -Dtest=ReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dinterphase.fuzz.mutants="${1:-10000}" -Dinterphase.fuzz.seed="${2:-100000}"
cat target/surefire-reports/org.interphase.io.fuzz.ReaderFuzzTest-output.txt 2>/dev/null | head -50 || true
