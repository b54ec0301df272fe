#!/usr/bin/env bash
# Builds and runs blst_floor.c against the libblst.so inside the jblst jar our build uses.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$(find "${HOME}/.m2/repository/tech/pegasys/jblst" -name 'jblst-*.jar' | sort | tail -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q -o "$jar" 'supranational/blst/Linux/amd64/libblst.so')
lib="$work/supranational/blst/Linux/amd64"
gcc -O2 -o "$work/blst_floor" "$here/blst_floor.c" -L"$lib" -lblst -Wl,-rpath,"$lib"
echo "jblst: $(basename "$jar"), $(uname -m), $(date -u)"
"$work/blst_floor"
