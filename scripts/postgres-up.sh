#!/usr/bin/env bash
# Starts a local PostgreSQL on 127.0.0.1:5432 (Debian cluster) with a `ci` role and an
# `opencus_test` database, and prints the URL for OPENCUS_TEST_DATABASE_URL. Idempotent.
# Needs root (CI runs as root). Idempotent: from a stopped cluster ~3 s, on a running one <1 s.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PGVER main" || pg_createcluster "$PGVER" main >/dev/null
# Loopback only. Tests run in parallel, each app with its own database and pool (up to 4 connections
# per event loop): the whole suite at once once ran out of 300 slots ("too many clients" → 500s).
printf "listen_addresses = '127.0.0.1'\nmax_connections = 1000\nfsync = off\nsynchronous_commit = off\n" \
  > "/etc/postgresql/$PGVER/main/conf.d/99-opencus-ci.conf"
if pg_lsclusters -h | awk -v v="$PGVER" '$1==v && $2=="main"{print $4}' | grep -qx online; then
  pg_ctlcluster "$PGVER" main restart
else
  pg_ctlcluster "$PGVER" main start
fi
pg_isready -q -h 127.0.0.1 -p 5432 -t 30
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SELECT 'CREATE ROLE ci LOGIN PASSWORD ''ci'' CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='ci')\gexec
SELECT 'CREATE DATABASE opencus_test OWNER ci' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='opencus_test')\gexec
SELECT 'CREATE DATABASE opencus_smoke OWNER ci' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='opencus_smoke')\gexec
SQL
echo "postgres://ci:ci@127.0.0.1:5432/opencus_test"
