#!/usr/bin/env bash
# Runs the seed page's exact curl (Atlas docs, "Create One Restore Job", 2018) against a running
# emulator, e.g. one started with `npm run emulator -- --port 8080`.
#
#   scripts/curl-seed-example.sh [BASE_URL]      # default http://127.0.0.1:8080
#
# Keys: ATLAS_PUBLIC_KEY / ATLAS_PRIVATE_KEY, else the emulator's ATLAS_EMULATOR_PUBLIC_KEY /
# ATLAS_EMULATOR_PRIVATE_KEY, else its documented defaults.
set -euo pipefail

BASE="${1:-http://127.0.0.1:8080}"
PUB="${ATLAS_PUBLIC_KEY:-${ATLAS_EMULATOR_PUBLIC_KEY:-emulator-public-key}}"
PRIV="${ATLAS_PRIVATE_KEY:-${ATLAS_EMULATOR_PRIVATE_KEY:-emulator-private-key}}"

curl --user "$PUB:$PRIV" --digest \
  --header "Accept: application/json" \
  --header "Content-Type: application/json" \
  --include \
  --request POST "$BASE/api/atlas/v1.0/groups/6b99999887d9d61443b41657/clusters/Cluster0/restoreJobs?pretty=true" \
  --data '{"delivery":{"methodName":"HTTP"},"snapshotId":"5a681ff180eef54e09de20d1"}'
echo
