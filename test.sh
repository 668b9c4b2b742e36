#!/usr/bin/env bash
# Runs the whole test suite. Extra arguments go to `dotnet test` (e.g. --filter, --no-build).
set -euo pipefail
cd "$(dirname "$0")"

# The portal's browser tests drive Debian's chromium (Playwright never downloads a browser). Install it when it is
# missing and this machine can (root, apt-get, network), with a CJK font for the Chinese pages; otherwise those tests
# skip and say why.
if [ -z "${DATASPACE_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Debian's chromium for the portal's browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! { timeout 900 apt-get install -y -q chromium fonts-wqy-zenhei >/dev/null 2>&1 \
        || { timeout 600 apt-get update -q >/dev/null 2>&1 && timeout 900 apt-get install -y -q chromium fonts-wqy-zenhei >/dev/null 2>&1; }; }; then
      echo "test.sh: could not install chromium (no network or no package source); the portal's browser tests will be skipped" >&2
    fi
  else
    echo "test.sh: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get); the portal's browser tests will be skipped" >&2
  fi
fi

# The PostgreSQL storage tests need a server: start a throw-away cluster (installing Debian's postgresql when missing
# and possible) unless DATASPACE_POSTGRES already names one, and stop it on exit. Without one those tests skip and say
# why (DATASPACE_POSTGRES_UNAVAILABLE carries the reason).
if [ -z "${DATASPACE_POSTGRES:-}" ]; then
  if pg_env=$(bash build/postgres-cluster.sh start 2>/tmp/dataspace-postgres-start.$$); then
    eval "$pg_env"
    trap 'bash build/postgres-cluster.sh stop "$DATASPACE_POSTGRES_DIR" || true' EXIT
    trap 'exit 143' TERM INT
  else
    export DATASPACE_POSTGRES_UNAVAILABLE
    DATASPACE_POSTGRES_UNAVAILABLE=$(tail -n 1 /tmp/dataspace-postgres-start.$$)
    echo "test.sh: no PostgreSQL for the PostgreSQL storage tests, they will be skipped: $DATASPACE_POSTGRES_UNAVAILABLE" >&2
  fi
  rm -f /tmp/dataspace-postgres-start.$$
fi

status=0
dotnet test Connector.sln --logger "trx" --logger "console;verbosity=minimal" "$@" || status=$?
exit "$status"
