#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js language host from Go source, so our end-to-end tests
# run the real engine on machines where no registry ships the binary. Users do not need this:
# they install Pulumi the normal way.
#
# The CLI version is the @pulumi/pulumi version in package-lock.json (read below), so the engine
# and the SDK that talks to it never drift apart. Binaries are cached outside the repo, keyed by
# version: a warm machine skips the build. Prints the directory holding the binaries.
# With --locate it only prints that directory if the binaries are there, and fails otherwise.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p 'require(process.argv[1]).packages["node_modules/@pulumi/pulumi"].version' "$root/package-lock.json")"

# The Node.js language host is built from the sdk module of v3.68 (build_langhost in go-build.sh).
# It only launches `node` on @pulumi/pulumi's own cmd/run, and the engine falls back to the older
# RPCs it speaks.
langhost_sdk_version="3.68.0"

source "$root/scripts/go-build.sh"
start_build "$cache_root/pulumi-v${version}-langhost-v${langhost_sdk_version}/bin" \
  pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs -- "$@"
# pkg/v3's go.mod replaces sdk with its sibling directory and pins a clipboard fork; repeat the
# non-local replace so the wrapper resolves the same code.
build cli \
  "	github.com/pulumi/pulumi/pkg/v3 v${version}
	github.com/pulumi/pulumi/sdk/v3 v${version}" \
  "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$bin.tmp/pulumi" \
  "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}"
build_langhost nodejs "$langhost_sdk_version"
# The CLI release ships this launcher beside the binary: the engine runs dynamic providers
# through `pulumi-resource-pulumi-nodejs`.
cli_sdk_dir="$(cd "$work/cli" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$cli_sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$bin.tmp/"
finish_build "Pulumi v${version}"
