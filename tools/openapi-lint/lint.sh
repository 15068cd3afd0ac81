#!/usr/bin/env bash
# Lints the checked-in public API description with Redocly CLI, and checks that the gateway serves
# that same file at /q/openapi (it is packaged from docs/openapi.yaml, see gateway-service/pom.xml).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [ ! -x node_modules/.bin/redocly ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
node_modules/.bin/redocly lint --config "$here/redocly.yaml" "$root/docs/openapi.yaml"
served="$root/gateway-service/target/classes/META-INF/openapi.yaml"
if [ -f "$served" ] && ! cmp -s "$served" "$root/docs/openapi.yaml"; then
  echo "gateway-service packages a different openapi.yaml than docs/openapi.yaml: rebuild it" >&2
  exit 1
fi
echo "openapi lint: docs/openapi.yaml is valid and is what the gateway serves"
