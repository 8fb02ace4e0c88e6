#!/bin/sh
# Rewrites the golden snapshots (infra/snapshots/*.snapshot.json) after an intended infra change, through the
# same code path the tests use (eventkit-subscriber runs the same tests the same way after adding a subscription).
# Review the diff before committing it: it is the change a deployment would make.
set -eu
cd "$(dirname "$0")/../.."
eventkit_project=tests/AzureEventKit.Infra.Tests
. eng/choose-servicebus-package.sh
UPDATE_SNAPSHOTS=1 dotnet test --project tests/AzureEventKit.Infra.Tests "$@"
#if (repositoryOnly)
# The minimal sample's goldens (templates/minimal/infra/snapshots/, what `--sample minimal` generates): the same
# snapshot tests over a scratch copy of infra/ that carries the minimal topology, then copied back.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -R infra global.json "$scratch"/
cp -R templates/minimal/infra/. "$scratch"/infra/
EVENTKIT_INFRA_ROOT="$scratch" UPDATE_SNAPSHOTS=1 dotnet test --project tests/AzureEventKit.Infra.Tests "$@" \
  -- --filter-class "*ParameterSetTests"
cp "$scratch"/infra/snapshots/*.snapshot.json templates/minimal/infra/snapshots/
git --no-pager diff --stat -- templates/minimal/infra/snapshots 2>/dev/null || true
#endif
git --no-pager diff --stat -- infra/snapshots 2>/dev/null || true
