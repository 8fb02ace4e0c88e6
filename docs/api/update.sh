#!/bin/sh
# Rewrites the generated interface documents after an intended change to a contract, a subscription or an HTTP route,
# through the same code path the tests use. Review the diff before committing it: it is what other teams read.
set -eu
cd "$(dirname "$0")/../.."
eventkit_project=tests/AzureEventKit.Functions.Tests
. eng/choose-servicebus-package.sh
UPDATE_DOCUMENTS=1 dotnet test --project tests/AzureEventKit.Functions.Tests -- --filter-namespace "*.Documents" "$@"
git --no-pager diff --stat -- docs/api 2>/dev/null || true
