#!/bin/sh
# The container's install/build/prune steps, in one place: the Dockerfile runs them and .ci/run
# runs them in a temporary copy without a Docker engine, so the two cannot drift apart.
#
#   tools/container/build.sh install   npm ci without install scripts (see below)
#   tools/container/build.sh compile   prisma generate, tsc -> dist/, copy run-time files
#   tools/container/build.sh prune     drop devDependencies (the final image's node_modules)
#
# --ignore-scripts: nothing the production app loads needs an install script. The Prisma
# client is generated explicitly below and uses no engine binary (engineType "client"); the
# only native build (sqlite3) belongs to arlocal, a devDependency pruned from the image.
set -eu
cd "$(dirname "$0")/../.."

step="${1:-}"
case "$step" in
  install)
    npm ci --ignore-scripts --no-audit --no-fund
    ;;
  compile)
    # prisma generate only parses the schema; the URL is never connected to.
    DATABASE_URL="${DATABASE_URL:-postgresql://localhost/unused}" npx prisma generate
    rm -rf dist
    npx tsc -p tsconfig.build.json
    # Files the code resolves relative to its own module at run time (import.meta.url):
    # bot/web/*.ts serve ./public/, bot/store/migrate.ts applies ../../prisma/migrations.
    mkdir -p dist/bot/web dist/prisma
    cp -R bot/web/public dist/bot/web/public
    cp -R prisma/migrations dist/prisma/migrations
    ;;
  prune)
    npm prune --omit=dev --no-audit --no-fund
    ;;
  *)
    echo "usage: tools/container/build.sh install|compile|prune" >&2
    exit 2
    ;;
esac
