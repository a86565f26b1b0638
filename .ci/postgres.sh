# Sourced by .ci/run (or by hand: `. .ci/postgres.sh`): start a throwaway PostgreSQL server for
# the tests in a temporary directory (unix socket only, no TCP port), export RASHOMON_TEST_PG,
# and stop it when the calling shell exits.
#
# Uses the server binaries on PATH or Debian's /usr/lib/postgresql/*/bin; installs Debian's
# `postgresql` package only when neither is there. initdb refuses to run as root, so as root the
# server runs as the unprivileged `postgres` user (created when missing).

_pg_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  done
  return 1
}

if ! _pg_bindir >/dev/null; then
  _sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $_sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $_sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
_PG_BIN=$(_pg_bindir)
_PG_DIR=$(mktemp -d /tmp/rashomon-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$_PG_DIR"
  _pg_as() { runuser -u postgres -- "$@"; }
else
  _pg_as() { "$@"; }
fi
chmod 700 "$_PG_DIR"
# UTF-8 locale: lower()/ILIKE then fold non-ASCII letters and pg_trgm indexes kana and kanji
_pg_as "$_PG_BIN/initdb" -D "$_PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
_pg_as "$_PG_BIN/pg_ctl" -D "$_PG_DIR/data" -l "$_PG_DIR/server.log" -w -s start \
  -o "-c listen_addresses='' -c unix_socket_directories='$_PG_DIR' -c fsync=off -c max_connections=200"
_pg_stop() {
  _pg_as "$_PG_BIN/pg_ctl" -D "$_PG_DIR/data" -m fast -w -s stop || true
  rm -rf "$_PG_DIR"
}
trap _pg_stop EXIT
export RASHOMON_TEST_PG="postgresql+psycopg://postgres@/postgres?host=$_PG_DIR"
echo "PostgreSQL test server: $RASHOMON_TEST_PG"
