#!/usr/bin/env bash
# npm run build:plugin: the packaged provider as a Pulumi plugin archive,
#   dist/plugin/pulumi-resource-atlas-restore-v<version>-linux-amd64.tar.gz
# holding the compiled provider, its schema, its production dependencies (installed here from
# package-lock.json, never at run time) and the `pulumi-resource-atlas-restore` launcher: it runs
# with only `node` (>= 20.19) on the machine. Install it with
#   pulumi plugin install resource atlas-restore <version> --file <that archive>
# The archive's path is the last line printed.
#   --out <folder>   write the archive there instead of dist/plugin
#   --no-compile     use dist/ as it is (the test suite's global setup has just compiled it)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VERSION=$(node -p 'require("./package.json").version')
OUT="$ROOT/dist/plugin"
COMPILE=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --no-compile) COMPILE=0; shift ;;
    *) echo "build:plugin: unknown option $1" >&2; exit 2 ;;
  esac
done
ARCHIVE="$OUT/pulumi-resource-atlas-restore-v$VERSION-linux-amd64.tar.gz"

[[ $COMPILE == 0 ]] || npx tsc -p tsconfig.build.json
# The committed schema must be the one the sources generate (tests/packaged/schema.test.ts too).
node dist/scripts/plugin/schema.js --check >/dev/null

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/atlas-restore-plugin-XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
node -e '
  const p = require("./package.json");
  const keep = { name: p.name, version: p.version, license: p.license, private: true, dependencies: p.dependencies };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(keep, null, 2));
' "$STAGE/package.json"
cp package-lock.json "$STAGE/"
(cd "$STAGE" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)
mkdir -p "$STAGE/dist"
cp -r dist/provider "$STAGE/dist/provider"
find "$STAGE/dist" -name '*.map' -delete
cp provider/packaged/schema.json "$STAGE/dist/provider/packaged/schema.json"
cp LICENSE "$STAGE/"
cat > "$STAGE/pulumi-resource-atlas-restore" <<'LAUNCHER'
#!/bin/sh
# The atlas-restore provider plugin: Node.js, everything it needs beside this file.
exec node "$(dirname "$0")/dist/provider/packaged/main.js" "$@"
LAUNCHER
chmod +x "$STAGE/pulumi-resource-atlas-restore"
rm "$STAGE/package-lock.json"

mkdir -p "$OUT"
tar -czf "$ARCHIVE" -C "$STAGE" .
echo "$ARCHIVE"
