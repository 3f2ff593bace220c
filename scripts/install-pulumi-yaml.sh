#!/usr/bin/env bash
# Builds the Pulumi YAML language host (pulumi-language-yaml), which the CLI build of
# install-pulumi.sh does not include, so test/e2e/plugin.test.ts can run a YAML program through
# pulumi-resource-trtc. Cached outside the repo by version like the CLI; prints its directory.
# With --locate it only prints that directory if the binary is there, and fails otherwise.
# Users install Pulumi YAML with the Pulumi CLI the normal way.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
yaml_version="1.25.0"
source "$root/scripts/go-build.sh"
start_build "$cache_root/pulumi-yaml-v${yaml_version}/bin" pulumi-language-yaml -- "$@"
build yaml \
  "	github.com/pulumi/pulumi-yaml v${yaml_version}" \
  "" \
  github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$bin.tmp/pulumi-language-yaml" \
  "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v${yaml_version}"
finish_build "Pulumi YAML v${yaml_version}"
