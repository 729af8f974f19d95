#!/usr/bin/env bash
# Runs Plein's whole test suite: Rust unit, store and HTTP tests on SQLite and PostgreSQL,
# then the browser tests in headless Chromium with axe-core. Installs what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ -z "${PLEIN_TEST_POSTGRES_URL:-}" ] && ! command -v pg_ctlcluster >/dev/null 2>&1 \
   && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- The test SMTP server (Python's aiosmtpd) ---------------------------------------------
if ! python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  say "Installing aiosmtpd (the SMTP server the tests send mail to)"
  command -v pip3 >/dev/null 2>&1 || { as_root apt-get update -qq; DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-pip >/dev/null; }
  python3 -m pip install --quiet aiosmtpd 2>/dev/null || python3 -m pip install --quiet --break-system-packages aiosmtpd
fi

# --- PostgreSQL ------------------------------------------------------------------------------
if [ -z "${PLEIN_TEST_POSTGRES_URL:-}" ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "Starting PostgreSQL"
    for version in $(ls /etc/postgresql 2>/dev/null); do
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if psql "postgres://postgres@127.0.0.1:5432/test" -qtAc 'select 1' >/dev/null 2>&1; then
    export PLEIN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/test"
  else
    # A freshly installed server: a role of our own, with a random password, for TCP logins.
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    as_root su postgres -c "psql -qc \"DROP ROLE IF EXISTS plein_test\"" >/dev/null
    as_root su postgres -c "psql -qc \"CREATE ROLE plein_test LOGIN CREATEDB PASSWORD '$password'\"" >/dev/null
    as_root su postgres -c "psql -qc \"CREATE DATABASE plein_test OWNER plein_test\"" >/dev/null 2>&1 || true
    export PLEIN_TEST_POSTGRES_URL="postgres://plein_test:$password@127.0.0.1:5432/plein_test"
  fi
fi
# From here on a missing PostgreSQL fails the tests instead of skipping them.
export PLEIN_TEST_REQUIRE_POSTGRES=1
say "PostgreSQL: ${PLEIN_TEST_POSTGRES_URL%%\?*}"
# Schemas left by earlier, interrupted runs.
psql "$PLEIN_TEST_POSTGRES_URL" -qtAc "select nspname from pg_namespace where nspname like 'plein\_t\_%'" \
  | while read -r schema; do [ -n "$schema" ] && PGOPTIONS="-c client_min_messages=warning" psql "$PLEIN_TEST_POSTGRES_URL" -qc "DROP SCHEMA $schema CASCADE"; done

# --- Front-end files ---------------------------------------------------------------------------
say "Vendored front-end files match package-lock.json (NL Design System, icons)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent vendor:check

# --- Rust ------------------------------------------------------------------------------------
say "Rust tests (SQLite and PostgreSQL)"
cargo build --locked -p plein
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --locked --workspace --no-fail-fast
else
  cargo test --locked --workspace --no-fail-fast
fi

# --- Browser ---------------------------------------------------------------------------------
say "Browser tests (headless Chromium, axe-core WCAG 2.1 AA)"
cd e2e
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
fi
rm -f axe-results.txt
npm test
echo
echo "axe-core: $(grep -c ' 0 violations' axe-results.txt) checks with 0 violations, $(grep -vc ' 0 violations' axe-results.txt) with violations"
