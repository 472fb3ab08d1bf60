#!/usr/bin/env bash
# Builds the real Pulumi CLI (`pulumi`) and the Node.js language host (`pulumi-language-nodejs`)
# from the Go module proxy, at one pinned version, into a cache outside the repository, and adds
# the `pulumi-resource-pulumi-nodejs` script that ships in the @pulumi/pulumi npm package.
#
#   scripts/pulumi-cli/build.sh           # prints the bin folder on its last line
#
# Why a wrapper module: pkg/go.mod has `replace` directives, so `go install …@version` refuses it;
# replaces of non-main modules are ignored, so a throwaway module that requires pkg/v3 and builds
# its main package works. Why the -X stamp: without a version the Automation API cannot parse
# `pulumi version`.
#
# The language host: its module (…/sdk/nodejs/cmd/pulumi-language-nodejs/v3) has no tags, and the
# Go module proxy these machines reach answers 403 "not available" for every query of it (@latest,
# @list, pseudo-versions, commit hashes; tried 2026-12-01). Without it `pulumi up` cannot run a
# `runtime: nodejs` project, but the Automation API's inline programs need no language host (the
# SDK serves the program itself, `--client`), and that is how the real-engine suite and `npm start`
# drive this CLI. Set PULUMI_LANGUAGE_NODEJS_VERSION (a pseudo-version) to try building it too.
set -euo pipefail

VERSION="${PULUMI_CLI_VERSION:-$(tr -d "[:space:]" < "$(dirname "$0")/VERSION")}"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-atlas-restore/pulumi-cli}"
ROOT="$CACHE_ROOT/$VERSION"
BIN="$ROOT/bin"
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SCRIPT_SRC="$REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

complete() {
  [[ -x "$BIN/pulumi" && -x "$BIN/pulumi-resource-pulumi-nodejs" && -f "$ROOT/.complete" ]]
}

if complete; then
  echo "pulumi-cli: $VERSION already built (reused): $BIN" >&2
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "pulumi-cli: no 'go' on PATH. The real-engine tests need the Pulumi CLI, built from the Go module proxy with Go >= 1.25." >&2
  exit 3
}
[[ -f "$SCRIPT_SRC" ]] || {
  echo "pulumi-cli: $SCRIPT_SRC is missing: run 'npm ci' first (the dynamic-provider plugin script ships in @pulumi/pulumi)." >&2
  exit 3
}

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
started=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "pulumi-cli: building $VERSION with $(go version) (GOPROXY=$(go env GOPROXY)) into $BIN" >&2

fail_proxy() {
  echo "pulumi-cli: $1 failed. Is the Go module proxy reachable (go env GOPROXY)? See the output above." >&2
  exit 4
}

go mod init local.invalid/pulumi-cli >/dev/null 2>&1
go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$VERSION" || fail_proxy "go get pkg/v3@$VERSION"
if [[ -n "${PULUMI_LANGUAGE_NODEJS_VERSION:-}" ]]; then
  go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$PULUMI_LANGUAGE_NODEJS_VERSION" || fail_proxy "go get pulumi-language-nodejs@$PULUMI_LANGUAGE_NODEJS_VERSION"
  # The language host's stale pkg/sdk requires must not win over the pinned version.
  go get "github.com/pulumi/pulumi/pkg/v3@$VERSION" "github.com/pulumi/pulumi/sdk/v3@$VERSION" || fail_proxy "pinning pkg/sdk"
fi
for m in github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3; do
  got=$(go list -m -f '{{.Version}}' "$m")
  [[ "$got" == "$VERSION" ]] || { echo "pulumi-cli: $m resolved to $got, not $VERSION" >&2; exit 5; }
done

ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION"
tmpbin="$ROOT/bin.partial"
rm -rf "$tmpbin"; mkdir -p "$tmpbin"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$tmpbin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
echo "pulumi-cli: pulumi built after $(( $(date +%s) - started )) s" >&2
if [[ -n "${PULUMI_LANGUAGE_NODEJS_VERSION:-}" ]]; then
  go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$tmpbin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
else
  echo "pulumi-cli: pulumi-language-nodejs not built (not served by the Go module proxy; see the comment at the top): inline Automation API programs only" >&2
fi
install -m 0755 "$SCRIPT_SRC" "$tmpbin/pulumi-resource-pulumi-nodejs"
got=$(PULUMI_SKIP_UPDATE_CHECK=true "$tmpbin/pulumi" version)
[[ "$got" == "$VERSION" ]] || { echo "pulumi-cli: built pulumi reports '$got', not $VERSION" >&2; exit 5; }
rm -rf "$BIN"; mv "$tmpbin" "$BIN"
echo "$VERSION built in $(( $(date +%s) - started )) s with $(go version)" > "$ROOT/.complete"
echo "pulumi-cli: $VERSION built in $(( $(date +%s) - started )) s: $BIN" >&2
echo "$BIN"
