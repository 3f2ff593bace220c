#!/usr/bin/env bash
# Builds the wheel of the Python SDK (sdk-python/, the pulumi_trtc package `npm run generate`
# writes from plugin/schema.json) into sdk-python/dist and prints its path.
#
# With --venv <requirements.txt> it prints a virtualenv holding what that file asks for, with
# pulumi_trtc from a wheel built here, as a user's program has after
# `pip install --find-links <wheel dir> -r requirements.txt`. The virtualenv is cached outside the
# repo (beside the Pulumi builds), keyed by the SDK's sources, the requirements and the Python
# version, so a warm machine installs nothing; test/e2e/python.test.ts runs its program in it.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/go-build.sh"
python="${PYTHON:-python3}"

# wheel <dir>: builds from a copy (setuptools writes build/ and egg-info beside the sources) and
# prints the wheel's path.
wheel() {
  local scratch; scratch="$(mktemp -d)"
  cp -r "$root/sdk-python" "$scratch/src" && rm -rf "$scratch/src/dist"
  mkdir -p "$1"
  "$python" -m pip wheel --quiet --no-deps --wheel-dir "$1" "$scratch/src" >&2
  rm -rf "$scratch"
  local version; version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/sdk-python/pyproject.toml")"
  echo "$1/pulumi_trtc-${version}-py3-none-any.whl"
}

if [ "${1:-}" != "--venv" ]; then
  wheel "$root/sdk-python/dist"
  exit 0
fi

requirements="$(realpath "$2")"
digest="$( (cd "$root/sdk-python" && find . -type f -not -path './dist/*' -not -path '*/__pycache__/*' | LC_ALL=C sort | xargs sha256sum; cat "$requirements"; "$python" --version) | sha256sum | cut -c1-16)"
# One directory per checkout, so cleaning up after an SDK change never removes another checkout's.
venvs="$cache_root/python-venvs/$(echo "$root" | sha256sum | cut -c1-12)"
venv="$venvs/$digest"
if [ -f "$venv/.installed" ]; then echo "$venv"; exit 0; fi

# Built aside and renamed into place, so a concurrent run never sees half an install.
mkdir -p "$venvs"
build="$(mktemp -d "$venvs/build-XXXXXX")"
trap 'rm -rf "$build"' EXIT
"$python" -m venv "$build/venv"
wheel "$build/wheels" >/dev/null
"$build/venv/bin/python" -m pip install --quiet --disable-pip-version-check --find-links "$build/wheels" -r "$requirements" >&2
touch "$build/venv/.installed"
# Older SDK builds' virtualenvs are of no more use.
find "$venvs" -mindepth 1 -maxdepth 1 -not -name 'build-*' -not -name "$digest" -exec rm -rf {} +
mv -T "$build/venv" "$venv" 2>/dev/null || [ -f "$venv/.installed" ]
echo "$venv"
