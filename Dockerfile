# One image for the four services, the analyst console and the `riskline` CLI; the command picks which:
#   docker run riskline tagger | risk-accumulator | disposition-ingestor | attribution-worker | console
#   docker run riskline eval --rules /rules --events - < events.jsonl
# Plain JavaScript from `npm run build`, production dependencies only, non-root, and nothing
# written to the filesystem (runs with readOnlyRootFilesystem). SIGTERM checkpoints every owned
# partition and exits. scripts/image-rehearsal.mjs replays these steps without a Docker engine;
# keep to FROM / WORKDIR / ENV / COPY / RUN / USER / EXPOSE / ENTRYPOINT / CMD, which it knows.

FROM node:20-bookworm-slim AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true
WORKDIR /src
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund --ignore-scripts && npx patch-package
COPY tsconfig.base.json tsconfig.json nx.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts
# patches/ (patch-package, a dev tool) applied in the build stage; the patched packages replace these.
COPY --from=build /src/node_modules/kafkajs ./node_modules/kafkajs

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY rules ./rules
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/riskline.js"]
CMD ["tagger"]
