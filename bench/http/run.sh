#!/usr/bin/env bash
# HTTP benchmark: wrk against an authenticated GET /v1/organizations/{id} on bourse and, in the
# same run, against Debian's nginx serving the identical JSON body as a static file. Three
# alternating rounds per server (medians reported), then one more round each with 1,000 idle
# keep-alive connections held open. Also measures bourse with its read caches off (every request
# reads SQLite). Prints requests/s, p50, p99 and the bourse/nginx ratios.
# Loopback only; every load is bounded in time.
set -euo pipefail
BOURSE=${1:-build/release/bourse}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
D=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$D"; }
trap cleanup EXIT

BPORT=18080; NPORT=18081; UPORT=18082
"$BOURSE" init --data-dir "$D/var" --listen 127.0.0.1:$BPORT >/dev/null
"$BOURSE" demo --data-dir "$D/var" >/dev/null 2>&1
read -r ID TOKEN < <(/usr/bin/python3 -c '
import json,sys
for a in json.load(open(sys.argv[1])):
    if a["roles"]=="buyer" and a["status"]=="approved":
        print(a["id"], a["token"]); break' "$D/var/demo-accounts.json")
# Sign-in throttles raised so that every attempt of the sign-in round below runs scrypt: the worst
# case for the event loops, which must not feel it. Every client here is 127.0.0.1, so the
# per-address connection cap is off.
BOURSE_MAX_CONNECTIONS_PER_ADDRESS=0 BOURSE_SIGN_IN_ATTEMPTS_PER_ADDRESS_BURST=1000000 BOURSE_SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE=1000000 \
BOURSE_SIGN_IN_FAILURES_PER_ORGANIZATION_BURST=1000000 \
BOURSE_SIGN_IN_FAILURES_PER_ORGANIZATION_PER_HOUR=1000000 \
  "$BOURSE" serve --data-dir "$D/var" --listen 127.0.0.1:$BPORT >"$D/bourse.out" 2>"$D/bourse.log" &
PIDS+=($!)
# The same data served with the read caches off: every request reads SQLite.
cp -r "$D/var" "$D/var-uncached"
BOURSE_READ_CACHE_MS=0 "$BOURSE" serve --data-dir "$D/var-uncached" --listen 127.0.0.1:$UPORT \
  >"$D/uncached.out" 2>"$D/uncached.log" &
PIDS+=($!)
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$BPORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$UPORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$D/www" "$D/nginx"
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$BPORT/v1/organizations/$ID" >"$D/www/org.json"
USER_LINE=""; [ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat >"$D/nginx/nginx.conf" <<CONF
$USER_LINE
worker_processes auto;
pid $D/nginx/nginx.pid;
error_log $D/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log $D/nginx/access.log;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NPORT;
    root $D/www;
    location / { default_type application/json; }
  }
}
CONF
/usr/sbin/nginx -c "$D/nginx/nginx.conf" -p "$D/nginx" -g 'daemon off;' &
PIDS+=($!)
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$NPORT/org.json" >/dev/null 2>&1 && break; sleep 0.1; done
cmp -s <(curl -fsS "http://127.0.0.1:$NPORT/org.json") "$D/www/org.json" || { echo "nginx is not serving the body"; exit 1; }

# run_wrk NAME URL [HEADER] -> appends "rps p50_ms p99_ms" to $D/NAME.results
run_wrk() {
  local name=$1 url=$2; shift 2
  local out
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  local rps p50 p99
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local non2xx
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  [ -z "$non2xx" ] || { echo "$name: $non2xx non-2xx responses"; echo "$out"; exit 1; }
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")" >>"$D/$name.results"
}
to_ms() { /usr/bin/python3 -c 'import sys,re
v=sys.argv[1]; m=re.match(r"([0-9.]+)(us|ms|s)$",v)
x=float(m.group(1)); u=m.group(2)
print(round(x/1000 if u=="us" else x*1000 if u=="s" else x,3))' "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
summary() { # NAME -> "rps p50 p99" medians
  local f="$D/$1.results"
  echo "$(cut -d' ' -f1 "$f" | median) $(cut -d' ' -f2 "$f" | median) $(cut -d' ' -f3 "$f" | median)"
}

BURL="http://127.0.0.1:$BPORT/v1/organizations/$ID"
NURL="http://127.0.0.1:$NPORT/org.json"
AUTH="Authorization: Bearer $TOKEN"
echo "bench/http: $ROUNDS rounds of wrk -t1 -c$CONNECTIONS -d$DURATION on $(nproc) cores; body $(wc -c <"$D/www/org.json") bytes"
UURL="http://127.0.0.1:$UPORT/v1/organizations/$ID"
for r in $(seq 1 "$ROUNDS"); do
  run_wrk bourse "$BURL" -H "$AUTH"
  run_wrk nginx "$NURL"
  run_wrk uncached "$UURL" -H "$AUTH"
done

# Inclusion proofs served over HTTP (public, no token), for an entry in the middle of the log.
LOG_SIZE=$(curl -fsS "http://127.0.0.1:$BPORT/log/checkpoint" | sed -n 2p)
run_wrk proofs "http://127.0.0.1:$BPORT/v1/log/proofs/inclusion?index=$((LOG_SIZE / 2))"

# /healthz idle, then GET and /healthz while 16 anonymous loops post wrong passwords (scrypt
# N=2^17 on the password workers, never on an event loop): p99 at most 2x idle. Idle and flooded
# rounds alternate, $ROUNDS of each, and the medians are compared.
for r in $(seq 1 "$ROUNDS"); do
  run_wrk healthz "http://127.0.0.1:$BPORT/healthz"
  /usr/bin/python3 "$HERE/sign_in_flood.py" $BPORT "$ID" 16 $((2 * ${DURATION%s} + 4)) >"$D/flood.out" &
  FLOOD=$!
  PIDS+=($FLOOD)
  for _ in $(seq 1 50); do grep -q ready "$D/flood.out" 2>/dev/null && break; sleep 0.1; done
  sleep 1
  run_wrk bourse_flood "$BURL" -H "$AUTH"
  run_wrk healthz_flood "http://127.0.0.1:$BPORT/healthz"
  wait "$FLOOD" || true
  FLOOD_LINE="${FLOOD_LINE:-}$(grep attempts "$D/flood.out" || echo "attempts ?"); "
done

# The same with 1,000 idle keep-alive connections held open against each server.
/usr/bin/python3 "$HERE/idle_connections.py" $BPORT "/v1/organizations/$ID" 1000 "$AUTH" >"$D/idle_b.out" &
PIDS+=($!)
/usr/bin/python3 "$HERE/idle_connections.py" $NPORT /org.json 1000 >"$D/idle_n.out" &
PIDS+=($!)
for _ in $(seq 1 300); do
  grep -q ready "$D/idle_b.out" 2>/dev/null && grep -q ready "$D/idle_n.out" 2>/dev/null && break; sleep 0.1
done
grep -q 'ready 1000' "$D/idle_b.out" && grep -q 'ready 1000' "$D/idle_n.out" || { echo "idle connections failed"; exit 1; }
run_wrk bourse_idle "$BURL" -H "$AUTH"
run_wrk nginx_idle "$NURL"

read -r B_RPS B_P50 B_P99 < <(summary bourse)
read -r N_RPS N_P50 N_P99 < <(summary nginx)
read -r BI_RPS BI_P50 BI_P99 < <(summary bourse_idle)
read -r NI_RPS NI_P50 NI_P99 < <(summary nginx_idle)
read -r U_RPS U_P50 U_P99 < <(summary uncached)
read -r P_RPS P_P50 P_P99 < <(summary proofs)
read -r H_RPS H_P50 H_P99 < <(summary healthz)
read -r BF_RPS BF_P50 BF_P99 < <(summary bourse_flood)
read -r HF_RPS HF_P50 HF_P99 < <(summary healthz_flood)
ratio() { /usr/bin/python3 -c "print(f'{float($1)/float($2):.2f}')"; }
printf '\n%-34s %12s %10s %10s\n' "server" "requests/s" "p50 ms" "p99 ms"
printf '%-34s %12.0f %10s %10s\n' "bourse GET /v1/organizations/{id}" "$B_RPS" "$B_P50" "$B_P99"
printf '%-34s %12.0f %10s %10s\n' "nginx static file (same body)" "$N_RPS" "$N_P50" "$N_P99"
printf '%-34s %12.0f %10s %10s\n' "bourse, read caches off" "$U_RPS" "$U_P50" "$U_P99"
printf '%-34s %12.0f %10s %10s\n' "bourse inclusion proofs (HTTP)" "$P_RPS" "$P_P50" "$P_P99"
printf '%-34s %12.0f %10s %10s\n' "bourse GET /healthz" "$H_RPS" "$H_P50" "$H_P99"
printf '%-34s %12.0f %10s %10s\n' "bourse GET, 16 sign-in loops" "$BF_RPS" "$BF_P50" "$BF_P99"
printf '%-34s %12.0f %10s %10s\n' "bourse /healthz, 16 sign-in loops" "$HF_RPS" "$HF_P50" "$HF_P99"
printf '%-34s %12.0f %10s %10s\n' "bourse, 1,000 idle connections" "$BI_RPS" "$BI_P50" "$BI_P99"
printf '%-34s %12.0f %10s %10s\n' "nginx, 1,000 idle connections" "$NI_RPS" "$NI_P50" "$NI_P99"
echo
echo "ratio bourse/nginx:                 $(ratio "$B_RPS" "$N_RPS")  (goal >= 0.50)"
echo "ratio bourse/nginx, 1,000 idle:     $(ratio "$BI_RPS" "$NI_RPS")"
echo "bourse with idle / without:         $(ratio "$BI_RPS" "$B_RPS")"
echo "ratio bourse/nginx, caches off:     $(ratio "$U_RPS" "$N_RPS")"
echo "sign-in loops, per round: $FLOOD_LINE"
echo "p99 with 16 sign-in loops / idle:   GET $(ratio "$BF_P99" "$B_P99"), /healthz $(ratio "$HF_P99" "$H_P99")  (goal <= 2.00)"
