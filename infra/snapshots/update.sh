#!/bin/sh
# Rewrites the golden snapshots (infra/snapshots/*.snapshot.json) after an intended infra change, through the
# same code path the tests use (eventkit-subscriber runs the same tests the same way after adding a subscription).
# Review the diff before committing it: it is the change a deployment would make.
set -eu
cd "$(dirname "$0")/../.."
eventkit_project=tests/AzureEventKit.Infra.Tests
. eng/choose-servicebus-package.sh
UPDATE_SNAPSHOTS=1 dotnet test --project tests/AzureEventKit.Infra.Tests "$@"
git --no-pager diff --stat -- infra/snapshots 2>/dev/null || true
