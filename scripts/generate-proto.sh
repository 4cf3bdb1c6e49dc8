#!/usr/bin/env bash
# Regenerates packages/contracts/src/gen from proto/ (what `npm run proto` runs):
#   - TypeScript messages, JSON mapping and grpc-js services, by the local ts-proto (buf.gen.yaml);
#   - shine.binpb, a FileDescriptorSet with imports and source info (comments), which the gateway
#     transcodes REST from and every service serves gRPC reflection from.
# Offline: buf and ts-proto come from node_modules, and proto/ has no BSR dependencies.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

buf="$root/node_modules/.bin/buf"
out="packages/contracts/src/gen"

"$buf" lint
rm -rf "$out"
"$buf" generate
# buf build includes imports and source info unless told otherwise; the flags say so anyway.
"$buf" build --as-file-descriptor-set --exclude-source-info=false --exclude-imports=false \
  -o "$out/shine.binpb"

cat > "$out/README.md" <<'README'
# Generated: do not edit

Everything in this folder is written by `npm run proto` (`scripts/generate-proto.sh`) from
`proto/`; edit the `.proto` files and regenerate instead. `shine.binpb` is the binary
FileDescriptorSet (with imports and comments) of every Shine proto.
README
echo "generated $out from proto/" >&2
