#!/usr/bin/env bash
# Starts the local MariaDB (127.0.0.1:3306) if it is installed but stopped, and lets root log in over
# TCP with an empty password (a fresh Debian install allows root by unix socket only). Idempotent.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

tcp_ok() { mariadb --protocol=tcp -h127.0.0.1 -uroot -e "SELECT 1" >/dev/null 2>&1; }
if tcp_ok; then
  mariadb --protocol=tcp -h127.0.0.1 -uroot -e "CREATE DATABASE IF NOT EXISTS test; SET GLOBAL local_infile = 1;"
  exit 0
fi
if ! mysqladmin ping >/dev/null 2>&1; then
  $SUDO mkdir -p /run/mysqld && $SUDO chown mysql:mysql /run/mysqld 2>/dev/null || true
  $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do
    mysqladmin ping >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
if ! tcp_ok; then
  # Through the unix socket, as root: allow the empty password over TCP as well.
  $SUDO mariadb -uroot -e "ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; CREATE DATABASE IF NOT EXISTS test;"
fi
tcp_ok || { echo "setup: MariaDB on 127.0.0.1:3306 refuses root with an empty password" >&2; exit 1; }
mariadb --protocol=tcp -h127.0.0.1 -uroot -e "CREATE DATABASE IF NOT EXISTS test; SET GLOBAL local_infile = 1;"
echo "setup: MariaDB is up on 127.0.0.1:3306"
