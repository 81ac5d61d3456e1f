#!/usr/bin/env bash
# Installs what keepalived-ts needs on a fresh Debian machine (run as root) and builds it: Debian packages (the real
# keepalived is the interop oracle; user-mode-linux carries IPVS for the IPVS tests), npm dependencies, then
# npm's "prepare" builds the wasm module, the native addon and the TypeScript.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt_packages=(keepalived iproute2 iputils-ping tcpdump user-mode-linux kmod ipvsadm python3 make g++ nftables pcre2-utils)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
test -f node_modules/raw-socket/build/Release/raw.node || { echo "raw-socket has no binary (allowScripts missing?)" >&2; exit 1; }
test -f build/keepalived.wasm || { echo "wasm module not built" >&2; exit 1; }
test -f native/build/Release/keepalived_native.node || { echo "native addon not built" >&2; exit 1; }
test -f dist/src/cli/keepalived.js || { echo "TypeScript not built" >&2; exit 1; }
