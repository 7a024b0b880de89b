#!/bin/sh
# Creates and migrates Temporal's two databases (history and visibility)
# with the schema tool of the same release as the server. A database that
# already exists is only brought up to date, so every `up` may run this.
# The tool reads the password from SQL_PASSWORD.
set -eu
tool() {
  db=$1
  shift
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_HOST" -p 5432 -u temporal --db "$db" "$@"
}
schema=/etc/temporal/schema/postgresql/v12
for pair in temporal:temporal temporal_visibility:visibility; do
  db=${pair%%:*}
  dir=$schema/${pair##*:}/versioned
  if ! tool "$db" update-schema -d "$dir"; then
    tool "$db" create
    tool "$db" setup-schema -v 0.0
    tool "$db" update-schema -d "$dir"
  fi
done
