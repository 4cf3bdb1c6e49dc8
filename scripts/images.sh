#!/usr/bin/env bash
# Builds and tags every Shine service image for a registry prefix:
#   scripts/images.sh registry.example.com/shine 1.2.0 [--push]
# Needs Docker (or a compatible CLI as $DOCKER). The analysis image also gets a :<tag>-tfjs-node
# variant with native TensorFlow; WASM is the default.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
prefix="${1:?usage: scripts/images.sh <registry-prefix> <tag> [--push]}"
tag="${2:?usage: scripts/images.sh <registry-prefix> <tag> [--push]}"
push="${3:-}"
docker="${DOCKER:-docker}"
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

build() {
  local service="$1" image="$2"; shift 2
  echo "images: building ${image}" >&2
  "$docker" build --build-arg "SERVICE=${service}" --build-arg "VERSION=${tag}" --build-arg "REVISION=${revision}" "$@" -t "${image}" .
  if [ "$push" = "--push" ]; then "$docker" push "${image}"; fi
}

for service in $(ls services); do
  [ -f "services/${service}/src/main.ts" ] || continue
  build "$service" "${prefix}/${service}:${tag}"
done
build analysis "${prefix}/analysis:${tag}-tfjs-node" --build-arg TFJS_NODE=true
