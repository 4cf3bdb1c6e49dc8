# syntax=docker/dockerfile:1
# One recipe for every Shine service:
#   docker build --build-arg SERVICE=analysis -t shine/analysis .
# TypeScript runs directly on Node 24 (type stripping), so there is no compile stage; the image
# holds production dependencies only and runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<analysis|palette|catalog|recommender|gateway>" && false)
# Two malloc arenas instead of eight per core: worker threads otherwise each grow their own (~20 MiB
# measured in the gateway with two threads), for no speed a service here can measure.
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
COPY --from=dependencies /app /app
WORKDIR /app/services/${SERVICE}
USER node
# The telemetry preload patches http, grpc-js, pg and kafkajs before the service imports them.
ENTRYPOINT ["node", "--import", "@shine/platform/telemetry", "src/main.ts"]
