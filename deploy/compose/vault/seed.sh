#!/bin/sh
# Writes the secrets Vextrus reads through vault: references
# (docs/vault.md) into the KV v2 mount `secret` of the dev-mode Vault.
# Dev mode keeps nothing on disk, so this runs at every start, from the
# values compose.yaml passes (development defaults unless overridden).
# deploy/compose_test.go reads the `vault kv put` lines below: each
# reference in compose.yaml must name a path and key written here.
set -eu
vault kv put secret/vextrus/db \
  admin_url="postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/vextrus?sslmode=disable" \
  password="${APP_DB_PASSWORD}"
vault kv put secret/vextrus/auth \
  key_encryption_key="${KEY_ENCRYPTION_KEY}" \
  service_token_secret="${SERVICE_TOKEN_SECRET}"
vault kv put secret/vextrus/files \
  access_key="${MINIO_ROOT_USER}" \
  secret_key="${MINIO_ROOT_PASSWORD}"
