#!/usr/bin/env bash
# Interoperability: Go's golang.org/x/mod/sumdb/{note,tlog} (Debian golang-golang-x-mod-dev)
# verify a live Bourse log — checkpoint signature, every tile, every record, consistency.
set -euo pipefail
B=$1
HERE=$(cd "$(dirname "$0")" && pwd)
D=$(mktemp -d)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true; rm -rf "$D"; }
trap cleanup EXIT
command -v go >/dev/null || { echo "go is not installed (make test installs golang-go)"; exit 1; }
(cd "$HERE/go_verifier" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$D/gocache" GOFLAGS= \
   go build -o "$D/go_verifier" .)
"$B" init --data-dir "$D/var" --listen 127.0.0.1:0 >/dev/null
"$B" demo --data-dir "$D/var" >/dev/null 2>&1
"$B" serve --data-dir "$D/var" --listen 127.0.0.1:0 >"$D/serve.out" 2>"$D/serve.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q 'listening on port' "$D/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$D/serve.out")
[ -n "$PORT" ] || { echo "the server did not start: $(cat "$D/serve.err")"; exit 1; }
"$D/go_verifier" "http://127.0.0.1:$PORT"
echo "go interop: 1 passed, 0 failed"
