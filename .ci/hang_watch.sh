#!/usr/bin/env bash
# Watches the test binaries `cargo test` runs: one still running after
# HANG_AFTER seconds (default 600; the slowest binary takes about a minute)
# has its every thread's stack printed with gdb, and what each PostgreSQL
# session of the test databases waits on, then is killed. A hang
# then fails the run in minutes, with the place it hung in the log, instead
# of eating CI's whole time limit with nothing to show for it.
#
# Usage: hang_watch.sh DEPS_DIR  (runs until killed; .ci/test starts it in
# the background around `cargo test`).
set -u
deps="$1"
limit="${HANG_AFTER:-600}"
while sleep 15; do
  for pid in $(pgrep -f "^$deps/" || true); do
    age=$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ') || continue
    [ -n "$age" ] && [ "$age" -ge "$limit" ] || continue
    {
      echo "[hang_watch] $(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null) has run ${age}s; every thread's stack:"
      gdb -q -p "$pid" -batch -ex "set pagination off" -ex "thread apply all bt 40" 2>&1 |
        grep -v '^\[New LWP\|^warning:' | head -n 4000
      if command -v psql >/dev/null 2>&1 && [ -n "${TEST_DATABASE_URL:-}" ]; then
        echo "[hang_watch] PostgreSQL sessions of the test databases (who waits on what):"
        psql "$TEST_DATABASE_URL" -X -c "select pid, datname, state, wait_event_type, wait_event,
            pg_blocking_pids(pid) as blocked_by, now() - xact_start as in_transaction,
            left(query, 160) as query from pg_stat_activity where datname like 'haven%'" 2>&1
      fi
      echo "[hang_watch] killing $pid"
    } >&2
    kill -9 "$pid" 2>/dev/null
  done
done
