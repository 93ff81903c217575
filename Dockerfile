# PepFund bot: the compiled app (node dist/bot/app/main.js) on Node 22 LTS. See docs/CONTAINER.md.
# The image does not run the localnet: set SOLANA_RPC_URL (and SOLANA_CLUSTER) to a real cluster.
# The install/compile/prune steps live in tools/container/build.sh, which .ci/run also runs
# (in a temporary copy, without a Docker engine), so the two cannot drift apart. .ci/run copies
# exactly the sources this stage's COPY lines name.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY tools/container/build.sh tools/container/build.sh
RUN tools/container/build.sh install
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma prisma
COPY programs/pepfund/idl programs/pepfund/idl
COPY localnet/launch.ts localnet/launch.ts
COPY bot bot
RUN tools/container/build.sh compile && tools/container/build.sh prune

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    WEB_HOST=0.0.0.0 \
    WEB_PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# prisma/ and prisma.config.ts let an operator run `npx prisma migrate status|deploy`; the app
# itself applies dist/prisma/migrations at start-up (bot/store/migrate.ts), before serving.
COPY --from=build /app/prisma prisma
COPY --from=build /app/prisma.config.ts ./
# DATA_DIR: the embedded database, used when DATABASE_URL is empty.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The official image's unprivileged user "node", by number so hosts and Kubernetes runAsNonRoot
# can check it.
USER 1000:1000
EXPOSE 3000
# node's own fetch: the slim image has no curl. /readyz answers 200 once the database and the
# chain answer (docs/OPERATIONS.md); the start period covers migrations and the first RPC calls.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WEB_PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bot/app/main.js"]
