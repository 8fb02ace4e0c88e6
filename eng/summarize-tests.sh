#!/usr/bin/env bash
# Counts the test reports in a results directory (xUnit TRX, Node JUnit) and ends with "N passed, N failed", naming
# each failed test just before that line so that a log read from its end says what failed.
# Usage: summarize-tests.sh <results-directory> [exit status of the test commands]
# A non-zero status with no failed test in any report counts as one failure: a test host crashed or never reported.
set -euo pipefail
results=$1
test_status=${2:-0}

# One counter of a TRX report's <Counters> element, and one of the totals Node's JUnit report ends with (comments).
trx_count() { grep -m 1 -oE '<Counters [^>]*>' "$1" | grep -oE " $2=\"[0-9]+\"" | grep -oE '[0-9]+' || echo 0; }
js_count() { grep -oE "<!-- $2 [0-9]+ -->" "$1" | grep -oE '[0-9]+' | tail -n 1 || echo 0; }

passed=0; failed=0; failed_names=()
shopt -s nullglob
for trx in "$results"/*.trx; do
  while IFS= read -r name; do failed_names+=("$(basename "$trx" .trx): $name"); done < <(
    grep -oE '<UnitTestResult [^>]*outcome="(Failed|Error|Timeout|Aborted)"[^>]*>' "$trx" | grep -oE 'testName="[^"]*"' \
      | sed -E 's/^testName="(.*)"$/\1/')
  passed=$((passed + $(trx_count "$trx" passed))); failed=$((failed + $(trx_count "$trx" failed) + $(trx_count "$trx" error)))
done
# A cancelled JavaScript test (timeout, failed hook) is a failure.
for junit in "$results"/*.junit.xml; do
  passed=$((passed + $(js_count "$junit" pass))); failed=$((failed + $(js_count "$junit" fail) + $(js_count "$junit" cancelled)))
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
