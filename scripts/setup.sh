#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for ecomlab, from nothing, idempotently:
#   - Debian packages: Chromium (PNG rendering, browser tests), Jupyter's nbconvert + ipykernel (headless
#     notebook runs), the python3 reference stack (pandas, scikit-learn, imbalanced-learn), MariaDB server;
#   - starts MariaDB on 127.0.0.1:3306 (root, empty password, database `test`) unless ECOMLAB_MYSQL_URL
#     points elsewhere or ECOMLAB_SKIP_MYSQL=1;
#   - npm ci, the library build, and the tslab kernel registered against the project's own tslab.
# Needs root (or sudo) for apt-get. On other systems install the equivalents by hand (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

DEBS=(chromium fonts-dejavu-core jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel
  python3-pandas python3-sklearn python3-imblearn)
if [ "${ECOMLAB_SKIP_MYSQL:-0}" != "1" ]; then DEBS+=(mariadb-server mariadb-client); fi

missing=()
for pkg in "${DEBS[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: missing ${missing[*]} and no apt-get here: install them by hand (README, 'Other systems')" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${ECOMLAB_SKIP_MYSQL:-0}" != "1" ] && [ -z "${ECOMLAB_MYSQL_URL:-}" ]; then
  bash scripts/start-mariadb.sh
fi

# `npm ci` rejects this lock file: npm 11 leaves other platforms' optional binaries (swc, duckdb) out of it.
# `npm install` installs the locked versions all the same.
npm install --no-audit --no-fund
npm run build
npx tslab install --python=/usr/bin/python3 --binary="$PWD/node_modules/.bin/tslab" >/dev/null
echo "setup: done (kernels: $(jupyter kernelspec list 2>/dev/null | awk 'NR>1{print $1}' | tr '\n' ' '))"
