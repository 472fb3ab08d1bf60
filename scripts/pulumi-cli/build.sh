#!/usr/bin/env bash
# Builds the real Pulumi CLI (`pulumi`) and its language hosts (`pulumi-language-nodejs`,
# `-python`, `-go`, `-yaml`) with the ordinary `go` command, at pinned versions, into one bin
# folder in a cache outside the repository, and adds the `pulumi-resource-pulumi-nodejs` script
# that ships in the @pulumi/pulumi npm package. Each component has its own completeness marker and
# is built only when missing, so an older cache holding only `pulumi` is completed, not rebuilt.
#
#   scripts/pulumi-cli/build.sh           # prints the bin folder on its last line
#
# Sources:
#   pulumi                   the Go module proxy, pkg/v3 at scripts/pulumi-cli/VERSION
#   pulumi-language-yaml     the Go module proxy, github.com/pulumi/pulumi-yaml at PULUMI_YAML_VERSION
#   pulumi-language-python-exec
#                            this folder's (the Python host's program runner)
#   pulumi-language-nodejs, -python, -go
#                            their sources in $PULUMI_LANGUAGE_HOSTS_SRC (default: the shared
#                            vendor folder, ../shared/vendor beside the repository's main checkout).
#                            Their modules have no tags and the proxy answers 403 for them, so they
#                            cannot come from the proxy; the folder's README says what was changed.
#
# Why a wrapper module for pulumi: pkg/go.mod has `replace` directives, so `go install …@version`
# refuses it; replaces of non-main modules are ignored, so a throwaway module that requires pkg/v3
# and builds its main package works. Why the -X stamps: without a version the Automation API cannot
# parse `pulumi version`, and a language host reports an empty version to the engine.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VERSION="${PULUMI_CLI_VERSION:-$(tr -d "[:space:]" < "$HERE/VERSION")}"
YAML_VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-atlas-restore/pulumi-cli}"
ROOT="$CACHE_ROOT/$VERSION"
BIN="$ROOT/bin"
SCRIPT_SRC="$REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
VENDORED_HOSTS=(nodejs python go)

# The vendored sources: $PULUMI_LANGUAGE_HOSTS_SRC, else ../shared/vendor beside this checkout, else
# beside the main checkout of a git worktree (a worktree's own parent folder holds no vendor/).
vendor_dir() {
  if [[ -n "${PULUMI_LANGUAGE_HOSTS_SRC:-}" ]]; then echo "$PULUMI_LANGUAGE_HOSTS_SRC"; return; fi
  local common
  common="$(git -C "$REPO" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
  for candidate in "$REPO/../shared/vendor" ${common:+"$(dirname "$common")/../shared/vendor"}; do
    if [[ -d "$candidate/pulumi-language-nodejs" ]]; then (cd "$candidate" && pwd); return; fi
  done
  echo "$REPO/../shared/vendor"
}

# One marker per component: `.complete` (pulumi and the plugin script; the name older caches
# use), `.complete-pulumi-language-<lang>` for each language host.
marker() { if [[ "$1" == pulumi ]]; then echo "$ROOT/.complete"; else echo "$ROOT/.complete-$1"; fi; }
have() { [[ -x "$BIN/$1" && -f "$(marker "$1")" ]] && { [[ "$1" != pulumi ]] || [[ -x "$BIN/pulumi-resource-pulumi-nodejs" ]]; }; }
COMPONENTS=(pulumi pulumi-language-nodejs pulumi-language-python pulumi-language-go pulumi-language-yaml)
missing() { local c; for c in "${COMPONENTS[@]}"; do have "$c" || echo "$c"; done; }

# The Python host starts programs through pulumi-language-python-exec beside it (ours: the
# vendored host's source does not include it). Kept in step with the repository's copy.
install_python_exec() {
  cmp -s "$HERE/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec" 2>/dev/null && return
  mkdir -p "$BIN" && cp "$HERE/pulumi-language-python-exec" "$BIN/.python-exec.partial" && chmod 0755 "$BIN/.python-exec.partial"
  mv -f "$BIN/.python-exec.partial" "$BIN/pulumi-language-python-exec"
}
install_python_exec

if [[ -z "$(missing)" ]]; then
  echo "pulumi-cli: $VERSION and its language hosts already built (reused): $BIN" >&2
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "pulumi-cli: no 'go' on PATH. The real-engine tests need the Pulumi CLI and its language hosts, built with Go >= 1.25 and the Go module proxy." >&2
  exit 3
}

mkdir -p "$BIN"
# One build at a time per cache folder (several worktrees share it): the second waits, then finds
# the components the first built.
exec 9>"$ROOT/.lock"
flock -n 9 || { echo "pulumi-cli: another build of $ROOT is running; waiting for it" >&2; flock 9; }

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
work="$(mktemp -d)"
# A failed build leaves no half-written binary behind (the lock makes this run the only writer).
trap 'rm -rf "$work" "$BIN"/.*.partial' EXIT
echo "pulumi-cli: building into $BIN with $(go version) (GOPROXY=$(go env GOPROXY)): $(missing | tr '\n' ' ')" >&2

fail_proxy() {
  echo "pulumi-cli: $1 failed. Is the Go module proxy reachable (go env GOPROXY)? See the output above." >&2
  exit 4
}
build_flags=(-trimpath -tags osusergo,grpcnotrace)

# Moves a verified build into the bin folder and writes its marker (with the build time).
install_component() { # name partial-file started-at what
  mv -f "$2" "$BIN/$1"
  echo "$4 built in $(( $(date +%s) - $3 )) s with $(go version)" > "$(marker "$1")"
  echo "pulumi-cli: $1 ($4) built in $(( $(date +%s) - $3 )) s" >&2
}

build_pulumi() {
  [[ -f "$SCRIPT_SRC" ]] || {
    echo "pulumi-cli: $SCRIPT_SRC is missing: run 'npm ci' first (the dynamic-provider plugin script ships in @pulumi/pulumi)." >&2
    exit 3
  }
  local started dir partial got m
  started=$(date +%s); dir="$work/pulumi"; partial="$BIN/.pulumi.partial"
  mkdir -p "$dir" && cd "$dir"
  go mod init local.invalid/pulumi-cli >/dev/null 2>&1
  go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$VERSION" || fail_proxy "go get pkg/v3@$VERSION"
  for m in github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3; do
    got=$(go list -m -f '{{.Version}}' "$m")
    [[ "$got" == "$VERSION" ]] || { echo "pulumi-cli: $m resolved to $got, not $VERSION" >&2; exit 5; }
  done
  go build "${build_flags[@]}" -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" -o "$partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  got=$(PULUMI_SKIP_UPDATE_CHECK=true "$partial" version)
  [[ "$got" == "$VERSION" ]] || { echo "pulumi-cli: built pulumi reports '$got', not $VERSION" >&2; exit 5; }
  install -m 0755 "$SCRIPT_SRC" "$BIN/pulumi-resource-pulumi-nodejs"
  install_component pulumi "$partial" "$started" "$VERSION"
}

# A vendored host: copied out of the read-only folder, its go.mod settled (`go mod tidy`, as the
# vendor README says), built, and stamped with the pulumi/sdk version its go.mod requires.
build_vendored_host() { # lang
  local name="pulumi-language-$1" src started dir partial sdk got
  src="$(vendor_dir)/$name"
  [[ -f "$src/go.mod" ]] || {
    echo "pulumi-cli: $src/go.mod not found. Set PULUMI_LANGUAGE_HOSTS_SRC to the folder holding $name/ (the shared vendor folder, see its README)." >&2
    exit 3
  }
  started=$(date +%s); dir="$work/$name"; partial="$BIN/.$name.partial"
  cp -R "$src" "$dir" && chmod -R u+w "$dir" && cd "$dir"
  go mod tidy || fail_proxy "go mod tidy of $name"
  sdk=$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)
  go build "${build_flags[@]}" -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$sdk" -o "$partial" .
  got=$("$partial" -version)
  [[ "$got" == "$sdk" ]] || { echo "pulumi-cli: built $name reports '$got', not $sdk" >&2; exit 5; }
  install_component "$name" "$partial" "$started" "$sdk from $src"
}

# The YAML host from the proxy, at the versions pulumi-yaml's own go.mod requires.
build_yaml_host() {
  local name=pulumi-language-yaml pkg=github.com/pulumi/pulumi-yaml started dir partial got
  started=$(date +%s); dir="$work/$name"; partial="$BIN/.$name.partial"
  mkdir -p "$dir" && cd "$dir"
  go mod init local.invalid/pulumi-language-yaml >/dev/null 2>&1
  go get "$pkg/cmd/$name@$YAML_VERSION" || fail_proxy "go get $pkg@$YAML_VERSION"
  go build "${build_flags[@]}" -ldflags "-s -w -X $pkg/pkg/version.Version=$YAML_VERSION" -o "$partial" "$pkg/cmd/$name"
  got=$(go version -m "$partial" | awk -v p="$pkg" '($1 == "mod" || $1 == "dep") && $2 == p { print $3 }')
  [[ "$got" == "$YAML_VERSION" ]] || { echo "pulumi-cli: built $name holds $pkg '$got', not $YAML_VERSION" >&2; exit 5; }
  install_component "$name" "$partial" "$started" "$pkg $YAML_VERSION"
}

started=$(date +%s)
have pulumi || build_pulumi
for lang in "${VENDORED_HOSTS[@]}"; do have "pulumi-language-$lang" || build_vendored_host "$lang"; done
have pulumi-language-yaml || build_yaml_host
echo "pulumi-cli: $VERSION and its language hosts ready after $(( $(date +%s) - started )) s: $BIN" >&2
echo "$BIN"
