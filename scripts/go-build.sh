# Sourced by the scripts that build Pulumi's Go binaries from the Go module proxy
# (install-pulumi.sh, install-pulumi-yaml.sh): where builds are cached and how one is made.

# Binaries live outside the repo, one directory per set of versions, so a warm machine skips the build.
cache_root="${PULUMI_TRTC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-trtc}"

# Call before the first build: a scratch directory removed on exit, and the module settings.
start_go_build() {
  command -v go >/dev/null || { echo "$(basename "$0"): Go is needed to build Pulumi's binaries" >&2; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # sum.golang.org is not reachable here; the module proxy is the only source.
  export GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
}

build() { # build <dir> <module-requires> <replace-lines> <package> <output> <ldflags>
  local dir="$work/$1"; mkdir -p "$dir"
  printf 'module build\n\ngo 1.26\n\nrequire (\n%s\n)\n\n%s\n' "$2" "$3" >"$dir/go.mod"
  printf 'package build\n\nimport _ "%s"\n' "$4" >"$dir/tools.go"
  (cd "$dir" && go mod tidy >&2 && go build -trimpath -ldflags "$6" -o "$5" "$4" >&2)
}
