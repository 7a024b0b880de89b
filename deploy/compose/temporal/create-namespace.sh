#!/bin/sh
# Registers Vextrus's namespace (VEXTRUS_TEMPORAL_NAMESPACE of the
# services) once; a later `up` finds it and changes nothing.
set -eu
if ! temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION"
fi
