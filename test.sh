#!/usr/bin/env bash
# Runs every test project against real PostgreSQL and Redis on loopback.
#
# On a fresh machine it installs redis-server and kubectl, starts the PostgreSQL 15 cluster and a
# Redis instance, creates the test role and database, builds the solution and runs all
# test projects. It ends with one line "N passed, N failed, N skipped" (totalled over
# every test project) and exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")"

source scripts/test-infrastructure.sh

ensure_redis_server
ensure_kubectl
start_test_redis
start_test_postgres

export TEST_REDIS="127.0.0.1:${TEST_REDIS_PORT}"
export TEST_POSTGRES="Host=127.0.0.1;Port=${TEST_POSTGRES_PORT};Username=${TEST_POSTGRES_USER};Password=${TEST_POSTGRES_PASSWORD};Database=${TEST_POSTGRES_DB}"

results=.artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build DistributedApp.sln -c Release -warnaserror --nologo -v quiet >&2

# One project at a time: they share the Redis and PostgreSQL servers, and each gets a
# result file named after it.
test_exit=0
for project in $(test_projects); do
  name=$(basename "$project" .csproj)
  log "running $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" >&2 || test_exit=$?
done

# Formatting is part of the code's contract: an unformatted tree counts as one failure.
format_failures=0
if ! dotnet format DistributedApp.sln --verify-no-changes >&2; then
  log "dotnet format found unformatted code; run 'dotnet format' and commit"
  format_failures=1
fi

summarize_test_results "$results" "$test_exit" "$format_failures"
