#!/usr/bin/env bash
# First step of `npm test`: checks, in well under a second, the tools the suite needs beyond
# node_modules, and names the exact command that installs each missing one. Exits 1 if any is
# missing. As root on Debian with PEPFUND_INSTALL_PREREQUISITES=1 (.ci/run sets it) it installs
# the missing Debian packages itself instead. README.md "Prerequisites" lists the same tools.
set -uo pipefail

NODE_MAJOR_REQUIRED=22
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"   # the browser tests' default (tests/bot/web/chromium.ts)
RUSTUP_LINE="curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt && . \"\$HOME/.cargo/env\""
NODE_LINE="npm install --prefix \"\$HOME/.cache/pepfund/node22\" node@22 && export PATH=\"\$HOME/.cache/pepfund/node22/node_modules/node/bin:\$PATH\"   (or nvm install 22)"

missing_packages=()   # Debian packages to install
problems=()           # one line each: what is missing, and how to install it

need_package() { # <package> <what is missing>
  missing_packages+=("$1")
  problems+=("$2: apt-get install -y $1")
}

command -v cc >/dev/null 2>&1 || need_package build-essential "C compiler (cc, for cargo and node-gyp)"
command -v make >/dev/null 2>&1 || need_package build-essential "make (node-gyp builds sqlite3 for arlocal)"
command -v pkg-config >/dev/null 2>&1 || need_package pkg-config "pkg-config (openssl-sys finds OpenSSL with it)"
if ! { [ -f /usr/include/openssl/ssl.h ] || pkg-config --exists openssl 2>/dev/null; }; then
  need_package libssl-dev "OpenSSL headers (openssl/ssl.h)"
fi
command -v python3 >/dev/null 2>&1 || need_package python3 "python3 (node-gyp)"
[ -x "$CHROMIUM" ] || need_package chromium "Chromium at $CHROMIUM (browser tests; CHROMIUM_PATH names another binary)"

# The same package can be named twice (cc and make both come from build-essential).
mapfile -t missing_packages < <(printf '%s\n' "${missing_packages[@]}" | sed '/^$/d' | sort -u)

if [ "${#missing_packages[@]}" -gt 0 ] && [ "${PEPFUND_INSTALL_PREREQUISITES:-}" = "1" ] \
  && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "prerequisites: installing ${missing_packages[*]}"
  apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" \
    || { echo "prerequisites: apt-get install ${missing_packages[*]} failed" >&2; exit 1; }
  # Check again, without installing: every package must now be there.
  PEPFUND_INSTALL_PREREQUISITES=0 exec "$0" "$@"
fi

command -v cargo >/dev/null 2>&1 || problems+=("Rust (cargo, builds the program and the localnet): $RUSTUP_LINE")
# npm run test:rust checks the Rust formatting; rustup's minimal profile leaves rustfmt out.
if command -v cargo >/dev/null 2>&1 && ! cargo fmt --version >/dev/null 2>&1; then
  problems+=("rustfmt (cargo fmt, checks the Rust formatting): rustup component add rustfmt")
fi

if ! command -v node >/dev/null 2>&1; then
  problems+=("Node.js $NODE_MAJOR_REQUIRED LTS: $NODE_LINE")
else
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" -lt "$NODE_MAJOR_REQUIRED" ]; then
    problems+=("Node.js $NODE_MAJOR_REQUIRED LTS (this is $(node --version)): $NODE_LINE")
  fi
fi

if [ "${#problems[@]}" -gt 0 ]; then
  {
    echo "prerequisites missing (see README.md, Prerequisites):"
    printf '  - %s\n' "${problems[@]}"
    if [ "${#missing_packages[@]}" -gt 0 ]; then
      echo "all Debian packages at once: apt-get install -y ${missing_packages[*]}"
    fi
  } >&2
  exit 1
fi
echo "prerequisites: ok (node $(node --version), $(cargo --version | cut -d' ' -f1-2), chromium at $CHROMIUM)"
