#!/bin/sh
# Runs once, when the PostgreSQL volume is new: the role Temporal's
# persistence connects as. Temporal's schema tool creates its databases.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'pw';
SQL
