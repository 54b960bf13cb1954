# One image per service, built from the repo: `docker build --build-arg SERVICE=health .`
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY packages/common/package.json packages/common/
COPY subgraphs/social-care/package.json subgraphs/social-care/
COPY subgraphs/health/package.json subgraphs/health/
COPY subgraphs/council/package.json subgraphs/council/
COPY gateway/package.json gateway/
COPY web/package.json web/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# The web front end is built into web/dist and served by the gateway.
RUN npm run build:web --if-present

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE} HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
# Mount points for the data volume and each subgraph's key volume, owned by the service user.
RUN mkdir -p /data /keys/social-care /keys/health /keys/council && chown -R node:node /data /keys
USER node
CMD ["sh", "-c", "case \"$SERVICE\" in gateway) exec node --max-semi-space-size=32 --heap-growing-percent=200 --import tsx gateway/src/main.ts ;; seed) exec node --import tsx scripts/seed.ts ;; *) exec node --max-semi-space-size=32 --heap-growing-percent=200 --import tsx subgraphs/$SERVICE/src/main.ts ;; esac"]
