#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for ecomlab, from nothing, idempotently:
#   - Debian packages: Chromium (PNG rendering, browser tests), Jupyter's nbconvert + ipykernel (headless
#     notebook runs), the classic Notebook server (`npm run notebook`, the real-client test), CJK fonts (Chinese
#     segment names in charts, PNGs and the dashboard), the python3 reference stack (pandas, scikit-learn,
#     imbalanced-learn), MariaDB server;
#   - starts MariaDB on 127.0.0.1:3306 (root, empty password, database `test`) unless ECOMLAB_MYSQL_URL
#     points elsewhere or ECOMLAB_SKIP_MYSQL=1;
#   - npm ci (the committed lock file, exactly), the library build, and a global `tslab` kernel only when none is
#     registered or the registered one points at a missing binary (npm start, npm run notebook and the tests use
#     this checkout's own kernelspec whatever the global one says: docs/notebooks.md, "Which tslab runs the kernel").
# Needs root (or sudo) for apt-get. On other systems install the equivalents by hand (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

DEBS=(chromium fonts-dejavu-core fonts-noto-cjk fonts-wqy-microhei jupyter-nbconvert python3-nbclient jupyter-client
  python3-ipykernel jupyter-notebook python3-pandas python3-sklearn python3-imblearn)
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

npm ci --no-audit --no-fund
npm run build

# The global `tslab` kernel is for your own `jupyter notebook` / `jupyter lab`. Never take over another checkout's
# registration silently: register only when there is none or its binary is gone, otherwise say where it points.
export PYDEVD_DISABLE_FILE_VALIDATION=1
spec_dir=$(jupyter kernelspec list --json 2>/dev/null | /usr/bin/python3 -c \
  'import json,sys; print(json.load(sys.stdin)["kernelspecs"].get("tslab",{}).get("resource_dir",""))' 2>/dev/null || true)
current=""
if [ -n "$spec_dir" ] && [ -f "$spec_dir/kernel.json" ]; then
  current=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["argv"][0])' "$spec_dir/kernel.json")
fi
if [ -z "$current" ] || [ ! -x "$current" ]; then
  npx tslab install --python=/usr/bin/python3 --binary="$PWD/node_modules/.bin/tslab" >/dev/null
  echo "setup: registered the global tslab kernel -> $PWD/node_modules/.bin/tslab"
elif [ "$current" != "$PWD/node_modules/.bin/tslab" ]; then
  echo "setup: the global tslab kernel points at $current (left alone; npm start, npm run notebook and npm test"
  echo "       use this checkout's own kernel). To point it here: npx tslab install --python=/usr/bin/python3 --binary=$PWD/node_modules/.bin/tslab"
fi
echo "setup: done (npm run notebook opens the notebooks in Debian's classic Notebook)"
