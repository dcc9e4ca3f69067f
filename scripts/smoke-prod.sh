#!/usr/bin/env bash
# The Dockerfile's recipe without Docker (no engine runs in CI): copy what the image ships (dist/,
# bin/, package.json, package-lock.json) to a clean folder, install production dependencies only
# (npm ci --omit=dev --ignore-scripts, as the Dockerfile does), start the service from there on a
# free port, score a text over HTTP and stop it with SIGTERM. A runtime import of a dev dependency,
# or a file the build forgot to copy, fails here instead of in a user's deployment.
# Usage: scripts/smoke-prod.sh   (after npm ci; .ci/run calls it after the tests)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { echo "smoke-prod: $*"; }

say "building dist/ from the checkout"
npm run build --silent >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/authenticity-smoke.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp package.json package-lock.json "$work/"
cp -R dist bin "$work/"
say "npm ci --omit=dev in $work"
(cd "$work" && timeout 180 npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)

port="$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
say "starting node dist/server.js on 127.0.0.1:$port"
(cd "$work" && NODE_ENV=production HOST=127.0.0.1 PORT="$port" LOG_LEVEL=warn exec node dist/server.js) >"$work/server.log" 2>&1 &
pid=$!

# Wait for readiness, score one text, check the answer; node's fetch, so curl is not needed.
node --input-type=module - "$port" <<'EOF'
const base = `http://127.0.0.1:${process.argv[2]}`
const deadline = Date.now() + 30_000
let ready = false
while (!ready && Date.now() < deadline) {
  ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false)
  if (!ready) await new Promise((r) => setTimeout(r, 100))
}
if (!ready) throw new Error('the service did not become ready within 30 s')
const res = await fetch(`${base}/v1/score`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text: 'Great post! Very timely.', kind: 'comment' }),
})
const body = await res.json()
if (res.status !== 200 || typeof body.score !== 'number' || typeof body.label !== 'string') {
  throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(body).slice(0, 300)}`)
}
console.log(`smoke-prod: POST /v1/score → ${res.status}, score ${body.score}, label ${body.label}`)
EOF

kill -TERM "$pid"
set +e
wait "$pid"
code=$?
set -e
pid=""
if [ "$code" -ne 0 ]; then
  say "the service exited with code $code on SIGTERM; its log:"
  cat "$work/server.log"
  exit 1
fi
say "ok: production install started, scored and stopped cleanly"
