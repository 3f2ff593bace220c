#!/usr/bin/env bash
# Builds the Pulumi Python language host (pulumi-language-python), which the CLI build of
# install-pulumi.sh does not include, so test/e2e/python.test.ts can run a Python program through
# pulumi-resource-trtc. Cached outside the repo by version like the CLI; prints its directory.
# With --locate it only prints that directory if the host is there, and fails otherwise.
# Users install Python support with the Pulumi CLI the normal way.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# Built from the sdk module of v3.68 like the Node.js host (build_langhost in go-build.sh). It runs
# programs with the `pulumi` package of the program's virtualenv (3.248 from PyPI).
langhost_sdk_version="3.68.0"
source "$root/scripts/go-build.sh"
start_build "$cache_root/pulumi-python-langhost-v${langhost_sdk_version}/bin" \
  pulumi-language-python pulumi-language-python-exec -- "$@"
build_langhost python "$langhost_sdk_version"
# The host runs programs through this script, which releases ship beside the binary.
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$bin.tmp/"
finish_build "the Pulumi Python language host v${langhost_sdk_version}"
