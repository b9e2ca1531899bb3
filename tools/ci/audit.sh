#!/usr/bin/env bash
# Supply chain: no high or critical advisory in what ships (npm audit --omit=dev). Where the registry's
# audit endpoint cannot be reached (this workplace's registry mirror answers 405), say so and go on:
# the check is enforced wherever the endpoint answers.
set -uo pipefail
out=$(npm audit --omit=dev --audit-level=high --json 2>/dev/null)
status=$?
if ((status == 0)); then
  echo "npm audit: no high or critical advisories in production dependencies"
  exit 0
fi
if grep -q '"vulnerabilities"' <<<"$out"; then
  echo "npm audit found high or critical advisories:" >&2
  npm audit --omit=dev --audit-level=high >&2
  exit 1
fi
echo "npm audit: the advisory endpoint could not be reached here; not checked ($(grep -o '"message": "[^"]*"' <<<"$out" | head -1))"
exit 0
