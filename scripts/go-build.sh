# Sourced by the scripts that build Pulumi's Go binaries from the Go module proxy
# (install-pulumi.sh, install-pulumi-yaml.sh, install-pulumi-python.sh): where builds are cached and
# how one is made.

# Binaries live outside the repo, one directory per set of versions, so a warm machine skips the build.
cache_root="${PULUMI_TRTC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-trtc}"

# start_build <bin> <binary>... [-- <script args>]: prints <bin> and exits when every binary is
# there; with --locate fails when one is not; otherwise prepares the build into "$bin.tmp" (a
# scratch directory removed on exit, the module settings). Sets bin, work and start.
start_build() {
  bin="$1"; shift
  local present=1
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do [ -x "$bin/$1" ] || present=0; shift; done
  [ $# -gt 0 ] && shift
  if [ "$present" = 1 ]; then echo "$bin"; exit 0; fi
  [ "${1:-}" = "--locate" ] && exit 1
  command -v go >/dev/null || { echo "$(basename "$0"): Go is needed to build Pulumi's binaries" >&2; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # sum.golang.org is not reachable here; the module proxy is the only source.
  export GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
  start=$(date +%s)
  mkdir -p "$bin.tmp"
}

# finish_build <what>: puts the built binaries in place and prints their directory.
finish_build() {
  rm -rf "$bin" && mv "$bin.tmp" "$bin"
  echo "$(basename "$0" .sh): built $1 in $(( $(date +%s) - start ))s" >&2
  echo "$bin"
}

build() { # build <dir> <module-requires> <replace-lines> <package> <output> <ldflags>
  local dir="$work/$1"; mkdir -p "$dir"
  printf 'module build\n\ngo 1.26\n\nrequire (\n%s\n)\n\n%s\n' "$2" "$3" >"$dir/go.mod"
  printf 'package build\n\nimport _ "%s"\n' "$4" >"$dir/tools.go"
  (cd "$dir" && go mod tidy >&2 && go build -trimpath -ldflags "$6" -o "$5" "$4" >&2)
}

# build_langhost <language> <sdk version>: pulumi-language-<language> into "$bin.tmp". The language
# hosts' own modules are refused by the Go module proxy reachable here at every version; until
# v3.68 they lived inside the sdk module, which the proxy serves. Sets sdk_dir (that module's source).
build_langhost() {
  build "langhost-$1" \
    "	github.com/pulumi/pulumi/sdk/v3 v$2" \
    "replace golang.org/x/text => golang.org/x/text v0.3.6" \
    "github.com/pulumi/pulumi/sdk/v3/$1/cmd/pulumi-language-$1" "$bin.tmp/pulumi-language-$1" \
    "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$2"
  sdk_dir="$(cd "$work/langhost-$1" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
}
