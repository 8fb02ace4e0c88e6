#!/usr/bin/env bash
# Counts the test reports in a results directory (xUnit TRX, Node JUnit) and ends with "N passed, N failed", naming
# each failed test just before that line so that a log read from its end says what failed.
# Usage: summarize-tests.sh <results-directory> [exit status of the test commands]
# A non-zero status with no failed test in any report counts as one failure: a test host crashed or never reported.
set -euo pipefail
results=$1
test_status=${2:-0}

passed=0; failed=0; failed_names=()
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -oE '<Counters [^>]*>' "$trx" | head -n 1)
  while IFS= read -r name; do failed_names+=("$(basename "$trx" .trx): $name"); done < <(
    grep -oE '<UnitTestResult [^>]*outcome="(Failed|Error|Timeout|Aborted)"[^>]*>' "$trx" | grep -oE 'testName="[^"]*"' \
      | sed -E 's/^testName="(.*)"$/\1/')
  p=$(printf '%s' "$counters" | grep -oE ' passed="[0-9]+"' | grep -oE '[0-9]+' || echo 0)
  f=$(printf '%s' "$counters" | grep -oE ' failed="[0-9]+"' | grep -oE '[0-9]+' || echo 0)
  e=$(printf '%s' "$counters" | grep -oE ' error="[0-9]+"' | grep -oE '[0-9]+' || echo 0)
  passed=$((passed + p)); failed=$((failed + f + e))
done
# Node's JUnit report ends with comments carrying its totals; a cancelled test (timeout, failed hook) is a failure.
for junit in "$results"/*.junit.xml; do
  js_count() { grep -oE "<!-- $1 [0-9]+ -->" "$junit" | grep -oE '[0-9]+' | tail -n 1 || echo 0; }
  passed=$((passed + $(js_count pass))); failed=$((failed + $(js_count fail) + $(js_count cancelled)))
  # A failed testcase's first child is its <failure> element (a literal '<' cannot occur inside an attribute).
  while IFS= read -r name; do failed_names+=("$(basename "$junit" .junit.xml): $name"); done < <(
    tr '\n' ' ' < "$junit" | grep -oE '<testcase name="[^"]*"[^<]*<failure' | sed -E 's/^<testcase name="([^"]*)".*/\1/')
done
if [ ${#failed_names[@]} -gt 0 ]; then printf '\nFailed:\n'; printf '  %s\n' "${failed_names[@]}"; fi
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host crashed or never reported; count it rather than hide it.
  failed=1
fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
