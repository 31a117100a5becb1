# The curation worker (standalone NestJS context, no HTTP). Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t curation-worker .
# Scale by running more replicas: rows are claimed with FOR UPDATE SKIP LOCKED under leases.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NX_DAEMON=false CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run worker:build --skip-nx-cache
RUN node tools/scripts/build-image.cjs worker /out

FROM node:20-bookworm-slim AS runtime
# JSON log lines (pino) for the log platform; `-e LOG_FORMAT=pretty` for text when reading by eye.
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
COPY --from=build /out/ ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund --prefer-offline && npm cache clean --force
USER node
ENV DB_MIGRATE_ON_START=false
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives SIGTERM itself; in-flight items finish, unstarted rows return to
# the queue, and the process exits 0 within SHUTDOWN_DEADLINE_MS. The heap cap keeps RSS under 300 MB
# during million-URL sitemap imports (docs/benchmarks.md).
CMD ["node", "--enable-source-maps", "--max-old-space-size=256", "main.js"]
