#!/usr/bin/env bash
# Builds the grpc-gateway peer of the gateway bench (README.md) and prints the binary's absolute
# path as the last line of stdout; progress goes to stderr. Everything downloaded or generated
# lives under <repo>/.cache/peer-grpc-gateway/ (git-ignored). A no-op unless main.go, go.mod,
# go.sum, buf.gen.yaml, this script, buf.yaml or a proto file is newer than the binary.
#
#   build.sh          build if stale
#   build.sh --tidy   also run `go mod tidy` and write go.mod/go.sum back here (after a version bump
#                     or a new import; the peer dir has no gen/ tree, so tidy can't run in it)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cache="$root/.cache/peer-grpc-gateway"
bin="$cache/bin/grpc-gateway-peer"
tidy=false
[[ "${1:-}" == "--tidy" ]] && tidy=true

# The plugins' versions; the libraries' are pinned in go.mod.
protoc_gen_go="google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12"
protoc_gen_go_grpc="google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2"
protoc_gen_grpc_gateway="github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway@v2.33.0"

log() { echo "peer-grpc-gateway: $*" >&2; }

if [[ -x "$bin" && "$tidy" == false ]] &&
  [[ -z "$(find "$here" "$root/buf.yaml" "$root/proto" -newer "$bin" \
    \( -name '*.proto' -o -name '*.go' -o -name go.mod -o -name go.sum -o -name '*.yaml' -o -name build.sh \) \
    -print -quit)" ]]; then
  log "up to date"
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || PATH="/usr/local/go/bin:$PATH"
# Reproducible regardless of the caller's Go settings; no VCS stamp (.cache sits inside the repo).
export GOFLAGS="-trimpath -buildvcs=false" GOTOOLCHAIN=local

log "installing protoc plugins into $cache/bin"
for plugin in "$protoc_gen_go" "$protoc_gen_go_grpc" "$protoc_gen_grpc_gateway"; do
  GOBIN="$cache/bin" go install "$plugin"
done

log "generating Go from proto/shine/{palette,type,api}"
rm -rf "$cache/src"
mkdir -p "$cache/src"
# buf.gen.yaml names the plugins bare (`local: protoc-gen-go`), found here on PATH; its input path
# (proto/) is relative to the repo root, its `out: gen` to -o.
(cd "$root" && PATH="$cache/bin:$PATH" "$root/node_modules/.bin/buf" generate \
  --template "$here/buf.gen.yaml" -o "$cache/src")

cp "$here/main.go" "$here/go.mod" "$here/go.sum" "$cache/src/"
cd "$cache/src"
if [[ "$tidy" == true ]]; then
  log "go mod tidy (writing go.mod/go.sum back to $here)"
  go mod tidy
  cp go.mod go.sum "$here/"
else
  # The committed go.mod/go.sum must already be tidy: fail rather than pick versions here.
  go mod tidy -diff >&2 || { log "go.mod/go.sum are not tidy: run build.sh --tidy"; exit 1; }
fi

log "building $bin"
go build -o "$bin" .
echo "$bin"
