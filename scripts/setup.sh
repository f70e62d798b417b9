#!/usr/bin/env bash
# Installs what building Esprit needs on a Debian machine with Swift already present:
# liblmdb-dev and libzstd-dev (the storage layer's C libraries), python3 for the protocol tools,
# and the operator's tools the tests use on the server's files: lmdb-utils (mdb_stat,
# mdb_dump), zstd and jq. Does nothing when they are already there.
set -euo pipefail

missing=()
for package in liblmdb-dev libzstd-dev lmdb-utils zstd jq; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { echo "setup: swift is not on PATH (Swift 6.1 or newer is needed)" >&2; exit 1; }
