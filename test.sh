#!/usr/bin/env bash
# Runs every test of Zeren on SQLite and on a throwaway PostgreSQL cluster, with Chromium for the browser tests.
# Installs what is missing with apt-get (PostgreSQL, Chromium, fonts-noto-cjk). Ends with one line:
#   tests: N passed, N failed, N skipped
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- prerequisites -------------------------------------------------------
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing: ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# ---- a throwaway PostgreSQL cluster --------------------------------------
pgbin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
pgdir=$(mktemp -d /tmp/zeren-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pgdir"
  as_pg() { runuser -u postgres -- "$@"; }   # PostgreSQL refuses to run as root
else
  as_pg() { "$@"; }
fi
# The tests' own temporary folders (data folders, uploads, backups, keys) go under one folder of this run, removed with it:
# the test processes find it as TMPDIR, so that nothing is left in /tmp run after run.
scratch=$(mktemp -d /tmp/zeren-tests.XXXXXX)
stop_pg() { as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir" "$scratch"; }
trap stop_pg EXIT
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
  || { cat "$pgdir/initdb.log"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$pgdir/server.log"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
export ZEREN_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
echo "== PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port"

# ---- build and test -------------------------------------------------------
passed=0; failed=0; skipped=0
# Errors the test apps log (the exception behind a 500); printed below when a test failed.
export ZEREN_TEST_ERROR_LOG="$pgdir/app-errors.log"
if ! dotnet build Zeren.slnx -c Release -nologo -v quiet; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
for project in tests/Zeren.Core.Tests tests/Zeren.Web.Tests tests/Zeren.Browser.Tests; do
  echo "== $project"
  log="$pgdir/$(basename "$project").log"
  TMPDIR="$scratch" dotnet test "$project" -c Release --no-build -nologo >"$log" 2>&1
  grep -E "^\s*(Failed|Passed|Skipped) |error|Error Message|Assert|Expected|at Zeren" "$log" | head -200
  line=$(grep -E "(Passed|Failed)!? +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | tail -n 1)
  if [ -z "$line" ]; then
    tail -n 40 "$log"
    failed=$((failed + 1))
    continue
  fi
  echo "$line"
  f=$(echo "$line" | sed -E 's/.*Failed: +([0-9]+).*/\1/')
  p=$(echo "$line" | sed -E 's/.*Passed: +([0-9]+).*/\1/')
  s=$(echo "$line" | sed -E 's/.*Skipped: +([0-9]+).*/\1/')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

if [ "$failed" -gt 0 ] && [ -s "$ZEREN_TEST_ERROR_LOG" ]; then
  echo "== errors the test apps logged (last 80 lines)"
  tail -n 80 "$ZEREN_TEST_ERROR_LOG"
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
