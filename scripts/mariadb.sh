#!/usr/bin/env bash
# A throwaway MariaDB server for the tests: `start DIR` initialises a data directory under DIR,
# starts mariadbd on a Unix socket only (no TCP port to collide with), and waits until it
# answers; `stop DIR` shuts it down. The socket is DIR/mysqld.sock, user root, no password.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ ! -d "$dir/data/mysql" ]; then
      mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" --auth-root-authentication-method=normal \
        --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; exit 1; }
    fi
    mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" --skip-networking \
      --pid-file="$dir/mysqld.pid" --user="$(id -un)" --character-set-server=utf8mb4 \
      --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 >"$dir/server.log" 2>&1 &
    for _ in $(seq 1 60); do
      if mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot -e "SELECT 1" >/dev/null 2>&1; then
        echo "MariaDB ready on $dir/mysqld.sock"
        exit 0
      fi
      sleep 0.5
    done
    echo "MariaDB did not start:"; cat "$dir/server.log"; exit 1
    ;;
  stop)
    if [ -S "$dir/mysqld.sock" ]; then
      mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -uroot shutdown >/dev/null 2>&1 || true
    fi
    if [ -f "$dir/mysqld.pid" ]; then
      pid=$(cat "$dir/mysqld.pid" 2>/dev/null || true)
      for _ in $(seq 1 40); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    fi
    ;;
esac
