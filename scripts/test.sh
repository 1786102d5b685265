#!/usr/bin/env bash
# Run the whole test suite against SQLite and a real PostgreSQL on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# every prerequisite is installed now and ../shared is beside the clone: no test may skip
export NEWSMT_TEST_STRICT="${NEWSMT_TEST_STRICT:-1}"

# Start the Debian PostgreSQL cluster and give the tests a database of their own.
if command -v pg_lsclusters >/dev/null 2>&1; then
  read -r pg_version pg_cluster _ < <(pg_lsclusters --no-header | head -1)
  pg_ctlcluster "$pg_version" "$pg_cluster" start 2>/dev/null || true  # already running is fine
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q && break
    sleep 1
  done
  runuser -u postgres -- psql -q -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='newsmt') THEN CREATE ROLE newsmt LOGIN SUPERUSER PASSWORD 'newsmt'; END IF; END\$\$;"
  runuser -u postgres -- psql -q -tc "SELECT 1 FROM pg_database WHERE datname='newsmt_test'" | grep -q 1 \
    || runuser -u postgres -- createdb -O newsmt newsmt_test
  export NEWSMT_TEST_POSTGRES_URL="postgresql://newsmt:newsmt@127.0.0.1:${PGPORT:-5432}/newsmt_test"
fi

.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy  # src/newsmt, configured in pyproject.toml
.venv/bin/python -m pytest -q "$@"
