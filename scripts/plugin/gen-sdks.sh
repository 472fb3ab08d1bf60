#!/usr/bin/env bash
# npm run sdk:plugin [-- <out folder> [languages…]]: the packaged provider's SDKs, generated from its
# schema (provider/packaged/schema.json) by `pulumi package gen-sdk`, never written by hand:
#   <out>/python   a pip-installable package, pulumi_atlas_restore (pip install <out>/python)
#   <out>/go       a Go module, pulumi-atlas-restore/sdk/go (use it with a `replace` directive)
# Default out folder: dist/sdk; default languages: python go. The generator runs through each
# language's host, so it uses the CLI and hosts built by scripts/pulumi-cli/build.sh.
# Prints the out folder on its last line.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT="$(mkdir -p "${1:-dist/sdk}" && cd "${1:-dist/sdk}" && pwd)"
shift || true
LANGUAGES=("${@:-python go}")
read -r -a LANGUAGES <<<"${LANGUAGES[*]}"
BIN="$(bash scripts/pulumi-cli/build.sh 2>/dev/null | tail -1)"
SCHEMA="$ROOT/provider/packaged/schema.json"
# The Go SDK's module requires the Go SDK of the CLI it was generated with.
GO_SDK_VERSION="$(tr -d '[:space:]' < scripts/pulumi-cli/VERSION)"

export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME="${PULUMI_HOME:-$(mktemp -d)}"
for lang in "${LANGUAGES[@]}"; do
  rm -rf "${OUT:?}/$lang"
  PATH="$BIN:$PATH" "$BIN/pulumi" package gen-sdk "$SCHEMA" --language "$lang" --out "$OUT" >/dev/null
  if [[ "$lang" == go ]]; then
    cat > "$OUT/go/go.mod" <<GOMOD
module pulumi-atlas-restore/sdk/go

go 1.24

require github.com/pulumi/pulumi/sdk/v3 $GO_SDK_VERSION
GOMOD
    # go.sum from the Go module proxy; compiling it is the program's build (languages.test.ts).
    (cd "$OUT/go" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1)
  fi
done
echo "$OUT"
