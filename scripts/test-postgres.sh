#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 (free port, temp dir) for the study storage
# tests and exports NASWIFT_TEST_POSTGRES_URL; stops it when the calling shell exits.
# Usage: source scripts/test-postgres.sh   (from scripts/test.sh)
#        bash scripts/test-postgres.sh --foreground   (keeps a server up until Ctrl-C, for development)
naswift_pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

naswift_pg_start() {
    local bin
    if ! bin=$(naswift_pg_bin); then
        echo "test-postgres: installing postgresql from Debian"
        local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
        bin=$(naswift_pg_bin) || { echo "test-postgres: no initdb after installing postgresql"; return 1; }
    fi
    NASWIFT_PG_DIR=$(mktemp -d /tmp/naswift-pg.XXXXXX)
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    # PostgreSQL refuses to run as root: run it as the `postgres` system user then.
    local as=()
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$NASWIFT_PG_DIR"
        as=(runuser -u postgres --)
    fi
    "${as[@]}" "$bin/initdb" -D "$NASWIFT_PG_DIR/data" -U naswift -A trust --no-sync -E UTF8 >"$NASWIFT_PG_DIR/initdb.log" 2>&1 \
        || { cat "$NASWIFT_PG_DIR/initdb.log"; return 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$NASWIFT_PG_DIR/data" -l "$NASWIFT_PG_DIR/server.log" -w -t 60 \
        -o "-p $port -k $NASWIFT_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
        start >/dev/null || { cat "$NASWIFT_PG_DIR/server.log"; return 1; }
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U naswift naswift_test
    NASWIFT_PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$NASWIFT_PG_DIR/data" -m immediate stop)
    export NASWIFT_TEST_POSTGRES_URL="postgresql://naswift@127.0.0.1:$port/naswift_test"
    echo "test-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $NASWIFT_TEST_POSTGRES_URL"
}

naswift_pg_stop() {
    [ -n "${NASWIFT_PG_DIR:-}" ] || return 0
    "${NASWIFT_PG_CTL[@]}" >/dev/null 2>&1 || true
    rm -rf "$NASWIFT_PG_DIR"
    NASWIFT_PG_DIR=""
}

if [ "${1:-}" = "--foreground" ]; then
    set -euo pipefail
    naswift_pg_start
    trap naswift_pg_stop EXIT
    echo "export NASWIFT_TEST_POSTGRES_URL=$NASWIFT_TEST_POSTGRES_URL   (Ctrl-C stops the server)"
    while true; do sleep 3600; done
else
    naswift_pg_start
    trap naswift_pg_stop EXIT
fi
