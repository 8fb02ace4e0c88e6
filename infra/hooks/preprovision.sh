#!/bin/sh
# azd preprovision hook (POSIX sh). Pins the budget's first month in the azd environment the first time an
# environment is provisioned: Azure refuses to change a budget's start date later ("Start date of budgets cannot
# be updated"), so main.bicep must receive the same BUDGET_START_DATE on every provision.
set -eu

if [ -n "${BUDGET_START_DATE:-}" ]; then
  echo "preprovision: budget start date is $BUDGET_START_DATE"
  exit 0
fi

start=$(date -u +%Y-%m-01)
azd env set BUDGET_START_DATE "$start"
echo "preprovision: pinned the budget start date to $start (azd env BUDGET_START_DATE; copy it to CI with azd pipeline config)"
