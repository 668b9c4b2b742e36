#!/usr/bin/env bash
# Runs the whole test suite. Extra arguments go to `dotnet test` (e.g. --filter, --no-build).
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet test Connector.sln --logger "trx" --logger "console;verbosity=minimal" "$@"
