# Sourced by .ci/serve and .ci/test: installs what is missing and exports the
# environment for building Haven. Every tool goes to a cache outside the
# clone (HAVEN_CACHE, default ~/.cache/haven), so a fresh clone builds fast.
#
# The browser half is Rust compiled to wasm32-unknown-unknown:
#  - with a rustup toolchain that has the wasm32 target and rust-src, that is used;
#  - otherwise (Debian 12, where rustup cannot download the target) Debian's
#    rustc-web/cargo-web/rust-web-src (Rust 1.96 with std source) and lld-19
#    are installed, and std is rebuilt for wasm32 (-Zbuild-std, see Cargo.toml).
# Nothing is downloaded except from the package registries (apt, crates.io, npm).

set -euo pipefail

HAVEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HAVEN_CACHE="${HAVEN_CACHE:-$HOME/.cache/haven}"
TOOLS="$HAVEN_CACHE/tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HAVEN_CACHE/target}"
# -Zbuild-std on a stable compiler (the wasm32 build only).
export RUSTC_BOOTSTRAP=1
# Every CI run builds a fresh clone at a new path: incremental caches would
# pile up per path (tens of GB) without ever being reused.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
BINARYEN_VERSION=132.0.0

say() { printf '\033[1;34m[haven]\033[0m %s\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

rustup_has_wasm() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown &&
    rustup component list --installed 2>/dev/null | grep -q '^rust-src'
}

if rustup_has_wasm; then
  say "using rustup's wasm32 target"
  # rustup ships rust-lld; the Debian linker path in .cargo/config.toml may not exist.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=rust-lld
else
  apt_install rustc-web cargo-web rust-web-src lld-19
  # Debian's Rust 1.96 first: one compiler for the server and the browser
  # keeps one build cache.
  export PATH="/usr/bin:$PATH"
fi

mkdir -p "$TOOLS"
export PATH="$TOOLS/bin:$TOOLS/npm/node_modules/.bin:$PATH"

# The site is built by `cargo xtask` (xtask/): the server, the hydrate
# library for wasm32, wasm-bindgen through its library (at the version in
# Cargo.lock, compiled into the same build cache), wasm-opt in release.
# Nothing is compiled from source here: cargo-leptos is optional, for live
# reload (`cargo leptos watch`), and not installed.

# wasm-opt for release builds, from npm's binaryen (Debian's is too old and
# produces a wasm that breaks in the browser).
if ! wasm-opt --version 2>/dev/null | grep -q "${BINARYEN_VERSION%%.*}"; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm"
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  npm install --silent --no-fund --no-audit --prefix "$TOOLS/npm" "binaryen@$BINARYEN_VERSION" >/dev/null
fi
