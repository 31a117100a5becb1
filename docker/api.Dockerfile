# The curation API (NestJS HTTP service). Build from the repository root:
#   docker build -f docker/api.Dockerfile -t curation-api .
# One-shot database steps use the same image: `node main.js migrate`, `node main.js enum-check`.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NX_DAEMON=false CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The API and the console it serves at / (WEB_DIR below).
RUN npx nx run-many -t build -p api web --skip-nx-cache
RUN node tools/scripts/build-image.cjs api /out

FROM node:20-bookworm-slim AS runtime
# JSON log lines (pino) for the log platform; `-e LOG_FORMAT=pretty` for text when reading by eye.
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
COPY --from=build /out/ ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund --prefer-offline && npm cache clean --force
USER node
ENV PORT=3000 HOST=0.0.0.0 DB_MIGRATE_ON_START=false WEB_DIR=web
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "healthcheck.js"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives SIGTERM itself; the app drains requests and exits 0.
CMD ["node", "--enable-source-maps", "main.js"]
