#!/usr/bin/env bash
# Start a throw-away PostgreSQL (Debian's server binaries) on 127.0.0.1 and export its URL.
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=${PG_DIR:-/tmp/samverkan-pg}
PG_PORT=${PG_PORT:-54329}
if [ -f "$PG_DIR/postmaster.pid" ]; then
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$PG_DIR"
mkdir -p "$PG_DIR"
chown postgres:postgres "$PG_DIR"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off" start >/dev/null
runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres samverkan_test
export SAMVERKAN_PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/samverkan_test"
echo "PostgreSQL ready at $SAMVERKAN_PG_URL"
