#!/bin/sh
# Rewrites the golden snapshots (infra/snapshots/*.snapshot.json) after an intended infra change, through the
# same code path the tests use. Review the diff before committing it: it is the change a deployment would make.
set -eu
cd "$(dirname "$0")/../.."
UPDATE_SNAPSHOTS=1 dotnet test --project tests/AzureEventKit.Infra.Tests "$@"
git --no-pager diff --stat -- infra/snapshots
