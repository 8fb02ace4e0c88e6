#!/bin/sh
# azd preprovision hook (POSIX sh). Pins the budget's first month in the azd environment the first time an
# environment is provisioned: Azure refuses to change a budget's start date later ("Start date of budgets cannot
# be updated"), so main.bicep must receive the same BUDGET_START_DATE on every provision.
set -eu

if [ -n "${BUDGET_START_DATE:-}" ]; then
  echo "preprovision: budget start date is $BUDGET_START_DATE"
  exit 0
fi

# A pipeline's azd environment lives for one run: a date pinned there would move with the calendar, and the next
# month's deployment would fail on the budget. Pipelines must get the developer's pinned value instead.
if [ -n "${GITHUB_ACTIONS:-}" ] || [ -n "${TF_BUILD:-}" ]; then
  echo "preprovision: BUDGET_START_DATE is not set in this pipeline. Provision once from your machine (azd provision" >&2
  echo "preprovision: pins it in your azd environment), then run 'azd pipeline config' to copy it into the pipeline's" >&2
  echo "preprovision: variables, or set the BUDGET_START_DATE variable (yyyy-MM-01) yourself." >&2
  exit 1
fi

start=$(date -u +%Y-%m-01)
azd env set BUDGET_START_DATE "$start"
echo "preprovision: pinned the budget start date to $start (azd env BUDGET_START_DATE; copy it to CI with azd pipeline config)"
