#!/usr/bin/env bash
# Builds the Pulumi Python language host (pulumi-language-python), which the CLI build of
# install-pulumi.sh does not include, so test/e2e/python.test.ts can run a Python program through
# pulumi-resource-trtc. Cached outside the repo by version like the CLI; prints its directory.
# With --locate it only prints that directory if the host is there, and fails otherwise.
# Users install Python support with the Pulumi CLI the normal way.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# As for the Node.js host (install-pulumi.sh): the host's own module is refused by the Go module
# proxy reachable here, and until v3.68 it lived inside the sdk module, which the proxy serves. It
# runs programs with the `pulumi` package of the program's virtualenv (3.248 from PyPI).
langhost_sdk_version="3.68.0"
source "$root/scripts/go-build.sh"
start_build "$cache_root/pulumi-python-langhost-v${langhost_sdk_version}/bin" \
  pulumi-language-python pulumi-language-python-exec -- "$@"
build langhost \
  "	github.com/pulumi/pulumi/sdk/v3 v${langhost_sdk_version}" \
  "replace golang.org/x/text => golang.org/x/text v0.3.6" \
  github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python "$bin.tmp/pulumi-language-python" \
  "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${langhost_sdk_version}"
# The host runs programs through this script, which releases ship beside the binary.
sdk_dir="$(cd "$work/langhost" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$bin.tmp/"
finish_build "the Pulumi Python language host v${langhost_sdk_version}"
