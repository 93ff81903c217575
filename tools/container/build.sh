#!/bin/sh
# The container's install/build/prune steps, in one place: the Dockerfile runs them and .ci/run
# runs them in a temporary copy without a Docker engine, so the two cannot drift apart.
#
#   tools/container/build.sh install   npm ci without install scripts (see below)
#   tools/container/build.sh compile   prisma generate, then emit
#   tools/container/build.sh emit [dir] tsc -> dir (default dist/), copy run-time files; the
#                                       compiled-app test emits to a temporary dir this way
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
    "$0" emit
    ;;
  emit)
    out="${2:-dist}"
    rm -rf "$out"
    npx tsc -p tsconfig.build.json --outDir "$out"
    # Files the code resolves relative to its own module at run time (import.meta.url):
    # bot/web/*.ts serve ./public/, bot/store/migrate.ts applies ../../prisma/migrations.
    mkdir -p "$out/bot/web" "$out/prisma"
    cp -R bot/web/public "$out/bot/web/public"
    cp -R prisma/migrations "$out/prisma/migrations"
    ;;
  prune)
    npm prune --omit=dev --no-audit --no-fund
    ;;
  *)
    echo "usage: tools/container/build.sh install|compile|emit [dir]|prune" >&2
    exit 2
    ;;
esac
