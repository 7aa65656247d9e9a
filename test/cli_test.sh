#!/usr/bin/env bash
# End-to-end test of the `bourse` binary as a user runs it: init, demo, serve on port 0, the
# client commands, certificate verification online and offline, SIGTERM draining to exit 0, and
# an acknowledged write surviving kill -9.
set -euo pipefail
B=$1
D=$(mktemp -d)
# Credentials name the public URL, whichever port this run binds.
export BOURSE_PUBLIC_URL=http://127.0.0.1:8080
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true; rm -rf "$D"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start_server() {
  # The webhook endpoints below are on this machine, which only an on-premises setting allows.
  BOURSE_WEBHOOK_ALLOW_PRIVATE=true "$B" serve --data-dir "$D/var" --listen 127.0.0.1:0 \
    >"$D/serve.out" 2>"$D/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    grep -q 'listening on port' "$D/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  PORT=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$D/serve.out")
  [ -n "$PORT" ] || fail "server did not report its port: $(cat "$D/serve.err")"
  export BOURSE_URL="http://127.0.0.1:$PORT"
}

"$B" --help | grep -q 'serve' || fail "--help lists no serve"
"$B" org --help | grep -q 'decide' || fail "org --help lists no decide"
"$B" cert verify --help | grep -q -- '--jwks' || fail "cert verify --help lists no --jwks"

"$B" init --data-dir "$D/var" >"$D/init.out"
grep -q '^Operator ' "$D/init.out" || fail "init printed no operator token"
[ "$(stat -c %a "$D/var/operator.token")" = 600 ] || fail "operator.token is not mode 0600"
[ "$(stat -c %a "$D/var/keys/issuer.ed25519.pem")" = 600 ] || fail "the issuer key is not mode 0600"
if "$B" init --data-dir "$D/var" 2>"$D/init2.err"; then fail "a second init succeeded"; fi
grep -q 'already initialised' "$D/init2.err" || fail "second init did not say why"

"$B" demo --data-dir "$D/var" >"$D/demo.out" 2>"$D/demo.err"
grep -q '496 organisations' "$D/demo.out" || fail "demo: $(cat "$D/demo.out")"
grep -q '100%' "$D/demo.err" || fail "demo showed no progress"
if "$B" demo --data-dir "$D/var" >/dev/null 2>&1; then fail "demo ran twice"; fi

start_server
export BOURSE_TOKEN
BOURSE_TOKEN=$(cat "$D/var/operator.token")
"$B" org list --role data_merchant --status approved --all | tail -1 | grep -q '^85 organisation' \
  || fail "expected 85 approved merchants"
M=$("$B" org list --role data_merchant --status approved --limit 1 --json | sed -n 's/.*"id":"\(org_[0-9a-f]*\)".*/\1/p' | head -1)
[ -n "$M" ] || fail "no merchant id"
# The merchant certificate is the oldest (trade certificates follow it, newest first).
"$B" cert show "$M" --jwt | tail -1 >"$D/cert.jwt"
"$B" cert verify "$D/cert.jwt" | grep -q 'Result       VALID' || fail "online verification"

# Offline: the files a third party keeps.
curl -fsS "$BOURSE_URL/.well-known/jwks.json" >"$D/jwks.json"
curl -fsS "$BOURSE_URL/v1/status-lists/revocation" >"$D/revocation.jwt"
curl -fsS "$BOURSE_URL/v1/status-lists/suspension" >"$D/suspension.jwt"
"$B" cert verify "$D/cert.jwt" --jwks "$D/jwks.json" --status-list "$D/revocation.jwt" \
  --status-list "$D/suspension.jwt" | grep -q 'VALID' || fail "offline verification"
"$B" org decide "$M" suspend --reason "risk event" >/dev/null
curl -fsS "$BOURSE_URL/v1/status-lists/suspension" >"$D/suspension2.jwt"
if "$B" cert verify "$D/cert.jwt" --jwks "$D/jwks.json" --status-list "$D/revocation.jwt" \
  --status-list "$D/suspension2.jwt" >"$D/verify.out"; then fail "a suspended certificate verified"; fi
grep -q 'SUSPENDED' "$D/verify.out" || fail "suspension not reported: $(cat "$D/verify.out")"
if "$B" cert verify "$D/cert.jwt" --now 2099-01-01T00:00:00Z >/dev/null; then fail "an expired certificate verified"; fi

# An applicant's own tokens.
APPLY=$("$B" org apply --name "命令行测试有限公司" --uscc 91110000600037341L --role buyer \
  --contact-name Wang --contact-email wang@example.cn --json)
ORG=$(echo "$APPLY" | sed -n 's/.*"id":"\(org_[0-9a-f]*\)".*/\1/p')
TOK=$(echo "$APPLY" | sed -n 's/.*"token":"\(bsk_[A-Za-z0-9_-]*\)".*/\1/p')
[ -n "$ORG" ] && [ -n "$TOK" ] || fail "apply: $APPLY"
BOURSE_TOKEN=$TOK "$B" token create laptop | grep -q 'shown once' || fail "token create"
BOURSE_TOKEN=$TOK "$B" token list | grep -c active | grep -q 2 || fail "token list"
if "$B" org apply --name x --uscc 123 --role buyer --contact-name a --contact-email a@b.cn 2>"$D/err"; then
  fail "a bad USCC was accepted"
fi
grep -q 'field: uscc' "$D/err" || fail "the bad USCC error does not name the field"

# Data products: scan a file offline, then create, upload in chunks and submit as a merchant.
/usr/bin/python3 - "$D/people.csv" <<'EOF'
import sys
def rid(first17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * k for c, k in zip(first17, w)) % 11]
with open(sys.argv[1], "w") as f:
    f.write("name,id_number,phone,kwh\n")
    for i in range(3000):
        f.write("p%d,%s,%s,%d\n" % (i, rid("110105198%d%02d15%03d" % (i % 10, 1 + i % 12, i % 1000)) if i % 3 == 0 else "",
                                    "138%08d" % i if i % 2 == 0 else "", 100 + i))
EOF
"$B" scan "$D/people.csv" --json >"$D/scan.json" 2>/dev/null || fail "bourse scan failed"
/usr/bin/python3 - "$D/scan.json" <<'EOF' || fail "scan report: $(head -c 300 "$D/scan.json")"
import json, sys
r = json.load(open(sys.argv[1]))
cols = {c["name"]: {d["kind"]: d["count"] for d in c["detections"]} for c in r["columns"]}
assert cols["id_number"] == {"resident_id": 1000}, cols
assert cols["phone"] == {"mobile": 1500}, cols
assert cols["kwh"] == {} and r["rows"] == 3000 and "quality_score" in r
EOF
"$B" scan "$D/people.csv" | grep -q 'resident_id 1000' || fail "the text scan report"
if "$B" scan "$D/nothing.csv" 2>"$D/scan.err"; then fail "scanning a missing file succeeded"; fi
# A merchant other than the one suspended above.
SELLER=$(/usr/bin/python3 -c 'import json,sys; print(next(a["token"] for a in json.load(open(sys.argv[1])) if "data_merchant" in a["roles"] and a["status"] == "approved" and a["id"] != sys.argv[2]))' "$D/var/demo-accounts.json" "$M")
cat >"$D/product.json" <<'EOF'
{"title": "Household electricity sample", "description": "kWh per household", "data_source": "Grid",
 "acquisition_method": "meters", "source_authorisation": "letter 1", "fields": [{"name": "kwh"}],
 "temporal_coverage": "2026", "spatial_coverage": "Beijing", "scenarios": ["research"],
 "delivery_modes": ["file"], "licence": "research only", "price": {"amount": 100000}}
EOF
PRD=$(BOURSE_TOKEN=$SELLER "$B" product create --file "$D/product.json" --json | sed -n 's/.*"id":"\(prd_[0-9a-f]*\)".*/\1/p' | head -1)
[ -n "$PRD" ] || fail "product create"
BOURSE_TOKEN=$SELLER "$B" product upload "$PRD" "$D/people.csv" --chunk-kib 16 >"$D/upload.out" 2>"$D/upload.err" \
  || fail "product upload: $(cat "$D/upload.err")"
grep -q '100%' "$D/upload.err" || fail "the upload showed no progress"
grep -q 'resident_id 1000' "$D/upload.out" || fail "the upload printed no scan report"
# Undeclared personal information: the automatic checks send it back, saying why.
BOURSE_TOKEN=$SELLER "$B" product act "$PRD" submit | grep -q 'status       needs_fix' || fail "submit"
if BOURSE_TOKEN=$SELLER "$B" product act "$PRD" request_listing 2>"$D/act.err"; then fail "an illegal move succeeded"; fi
"$B" product search --json "household" | grep -q '"total":0' || fail "a product in needs_fix is in the catalogue"
"$B" product search electricity --limit 1 | grep -q 'match' || fail "product search"

# kill -9 after an acknowledged write: it must survive the restart.
"$B" org decide "$ORG" approve >/dev/null
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server
"$B" org show "$ORG" | grep -q 'status      approved' || fail "the approval did not survive kill -9"

# The transparency log: verify, prove, export, verify offline.
STATE="$D/log-state.json"
"$B" log verify --state "$STATE" | grep -q 'Result       OK' || fail "log verify"
"$B" log verify --state "$STATE" --full | grep -q 'the log extends the saved checkpoint' || fail "log consistency"
# A state that cannot be read or saved is an error, never a silent first use.
mkdir -p "$D/state-dir"
if "$B" log verify --state "$D/state-dir" >"$D/sv.out" 2>&1; then fail "log verify --state DIR exited 0"; fi
grep -q 'not a file' "$D/sv.out" || fail "log verify --state DIR: $(cat "$D/sv.out")"
echo '{corrupt' >"$D/corrupt-state.json"
if "$B" log verify --state "$D/corrupt-state.json" >"$D/sv.out" 2>&1; then fail "a corrupt state exited 0"; fi
grep -q 'move it away' "$D/sv.out" || fail "corrupt state: $(cat "$D/sv.out")"
if "$B" log verify --state "$STATE/under-a-file.json" >"$D/sv.out" 2>&1; then fail "a state under a file exited 0"; fi
grep -q 'cannot read the log state' "$D/sv.out" || fail "state under a file: $(cat "$D/sv.out")"
# procfs takes no new files, not even from root.
if "$B" log verify --state /proc/self/bourse-state.json >"$D/sv.out" 2>&1; then fail "an unsavable state exited 0"; fi
grep -q 'cannot save the log state' "$D/sv.out" || fail "unsavable state: $(cat "$D/sv.out")"
"$B" log prove 0 | grep -q 'organization.created' || fail "log prove"
"$B" log export "$D/export" >/dev/null 2>&1 || fail "log export"
"$B" log verify --dir "$D/export" --full --state "$D/offline-state.json" | grep -q 'Result       OK' || fail "offline verify"

# kill -9 in the middle of a burst of appends: acknowledged entries keep their index and leaf.
( for i in $(seq 1 300); do
    curl -s -X POST "$BOURSE_URL/v1/organizations" -H 'Content-Type: application/json' \
      -d "{\"name\":\"Burst $i\",\"uscc\":\"91110000600037341L\",\"legal_form\":\"legal_person\",\"roles\":[\"buyer\"],\"contact\":{\"name\":\"b\",\"email\":\"b@b.cn\"}}" \
      >>"$D/burst.out" || break
    echo >>"$D/burst.out"
  done ) &
BURST=$!
sleep 0.5
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
wait "$BURST" 2>/dev/null || true
LAST=$(grep '"log_index"' "$D/burst.out" | tail -1)
LAST_INDEX=$(echo "$LAST" | sed -n 's/.*"log_index":\([0-9]*\).*/\1/p')
LAST_ORG=$(echo "$LAST" | sed -n 's/.*"id":"\(org_[0-9a-f]*\)".*/\1/p')
[ -n "$LAST_INDEX" ] && [ -n "$LAST_ORG" ] || fail "the burst acknowledged nothing before kill -9"
start_server
for _ in $(seq 1 30); do "$B" log prove "$LAST_INDEX" >/dev/null 2>&1 && break; sleep 0.1; done
"$B" log prove "$LAST_INDEX" --json | grep -q "$LAST_ORG" || fail "acknowledged entry $LAST_INDEX lost or reused after kill -9"
"$B" log verify --state "$STATE" --full | grep -q 'the log extends the saved checkpoint' \
  || fail "the log after kill -9 is not consistent with the checkpoint before it"

# kill -9 in the middle of a burst of trades: every acknowledged trade is there after the
# restart, the books balance, and the log extends the checkpoint taken before.
OP_TOKEN=$(tr -d '\n' <"$D/var/operator.token")
read -r BUYER_ID BUYER_TOKEN < <(/usr/bin/python3 -c 'import json,sys; a=next(a for a in json.load(open(sys.argv[1])) if a["roles"] == "buyer" and a["status"] == "approved"); print(a["id"], a["token"])' "$D/var/demo-accounts.json")
read -r TRADE_PRD TRADE_SCENARIO TRADE_PRICE < <(curl -s "$BOURSE_URL/v1/products?delivery_mode=file&limit=50" | /usr/bin/python3 -c 'import json,sys; p=next(p for p in json.load(sys.stdin)["items"] if p.get("dataset") and p["description"]["price"]["model"] == "one_off"); print(p["id"], p["description"]["scenarios"][0].replace(" ", "_"), p["description"]["price"]["amount"])')
[ -n "$TRADE_PRD" ] || fail "no listed one-off file product in the demo catalogue"
TRADE_SCENARIO=${TRADE_SCENARIO//_/ }
curl -s -o /dev/null -w '%{http_code}' -X POST "$BOURSE_URL/v1/deposits" -H "Authorization: Bearer $OP_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"organization_id\":\"$BUYER_ID\",\"amount\":$((TRADE_PRICE * 1000)),\"currency\":\"CNY\",\"bank_reference\":\"KILL-TEST\"}" \
  | grep -q 201 || fail "deposit before the trade burst"
"$B" log verify --state "$STATE" >/dev/null || fail "log verify before the trade burst"
( for i in $(seq 1 300); do
    curl -s -X POST "$BOURSE_URL/v1/negotiations" -H "Authorization: Bearer $BUYER_TOKEN" \
      -H 'Content-Type: application/json' \
      -d "{\"product_id\":\"$TRADE_PRD\",\"instant\":true,\"declaration\":{\"purpose\":\"credit scoring\",\"scenario\":\"$TRADE_SCENARIO\",\"manner_of_use\":\"internal\",\"region\":\"CN-44\"}}" \
      >>"$D/trades.out" || break
    echo >>"$D/trades.out"
  done ) &
BURST=$!
sleep 1
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
wait "$BURST" 2>/dev/null || true
ACKED=$(grep -o '"contract_id":"ctr_[0-9a-f]*"' "$D/trades.out" | sed 's/.*"\(ctr_[0-9a-f]*\)"/\1/' || true)
[ -n "$ACKED" ] || fail "the trade burst acknowledged nothing before kill -9: $(head -c 300 "$D/trades.out")"
start_server
for c in $ACKED; do
  curl -s -H "Authorization: Bearer $BUYER_TOKEN" "$BOURSE_URL/v1/contracts/$c" | grep -q '"trade_status":"escrowed"' \
    || fail "acknowledged contract $c lost after kill -9"
done
/usr/bin/python3 - "$D/var/bourse.db" "$BUYER_ID" "$((TRADE_PRICE * 1000))" <<'PY' || fail "the books after kill -9"
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for currency, total in db.execute("SELECT currency, SUM(balance) FROM accounts GROUP BY currency"):
    assert total == 0, f"{currency} sums to {total}"
assert db.execute("SELECT MIN(balance) FROM accounts WHERE kind != 4").fetchone()[0] >= 0
available = db.execute("SELECT balance FROM accounts WHERE key = ?", (f"available/{sys.argv[2]}/CNY",)).fetchone()[0]
escrowed = db.execute("SELECT COALESCE(SUM(total_minor), 0) FROM contracts WHERE buyer_id = ? AND trade_status = 1", (sys.argv[2],)).fetchone()[0]
assert available + escrowed == int(sys.argv[3]), (available, escrowed)
PY
"$B" log verify --state "$STATE" --full | grep -q 'the log extends the saved checkpoint' \
  || fail "the log after the trade burst is not consistent with the checkpoint before it"

# The trade CLI: buy at the list price, download with a progress bar, resume a cut-short file,
# catch a corrupted one, accept.
BT=(env BOURSE_TOKEN="$BUYER_TOKEN" "$B")
# Webhooks: the buyer's notifications are posted to an https endpoint that is not there; every
# attempt and its error are in the delivery log.
if "${BT[@]}" webhook add ftp://hooks.example/in 2>"$D/hook.err"; then fail "an ftp webhook was accepted"; fi
grep -q 'field: url' "$D/hook.err" || fail "the bad webhook URL was not named: $(cat "$D/hook.err")"
HOOK=$("${BT[@]}" webhook add https://127.0.0.1:1/in --json | /usr/bin/python3 -c 'import json,sys; h=json.load(sys.stdin); assert h["secret"]; print(h["id"])')
[ -n "$HOOK" ] || fail "webhook add"
"${BT[@]}" webhook list | grep -q "$HOOK  active   https://127.0.0.1:1/in" || fail "webhook list: $("${BT[@]}" webhook list)"
CTR=$("${BT[@]}" trade buy "$TRADE_PRD" --purpose "credit scoring" --scenario "$TRADE_SCENARIO" \
  --region CN-44 --instant --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["contract_id"])')
[ -n "$CTR" ] || fail "trade buy signed no contract"
# Rotate the key-encryption key while the server runs: the datasets' keys are rewrapped, and
# the download below is decrypted under the new key.
OLD_KEY=$(grep -v '^#' "$D/var/keys/data.kek" | cut -d' ' -f1)
"$B" keys rotate --data-dir "$D/var" >"$D/rotate.out" 2>&1 || fail "keys rotate: $(cat "$D/rotate.out")"
grep -q 'datasets rewrapped, no data rewritten' "$D/rotate.out" || fail "keys rotate: $(cat "$D/rotate.out")"
NEW_KEY=$(grep -v '^#' "$D/var/keys/data.kek" | cut -d' ' -f1)
[ -n "$NEW_KEY" ] && [ "$NEW_KEY" != "$OLD_KEY" ] || fail "the keyring still holds $NEW_KEY"
[ "$(stat -c %a "$D/var/keys/data.kek")" = 600 ] || fail "the keyring is not mode 0600"
[ "$(stat -c %a "$D/var/bourse.db")" = 600 ] || fail "bourse.db is not mode 0600"
"${BT[@]}" trade download "$CTR" -o "$D/bought.data" --json >"$D/dl1.json" 2>"$D/dl1.err" \
  || fail "trade download: $(cat "$D/dl1.err")"
grep -q '^download .*(100%)' "$D/dl1.err" || fail "trade download showed no progress: $(cat "$D/dl1.err")"
SHA=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sha256"])' "$D/dl1.json")
[ "$SHA" = "$(sha256sum "$D/bought.data" | cut -d' ' -f1)" ] || fail "the downloaded file differs from its digest"
SIZE=$(stat -c %s "$D/bought.data")
truncate -s $((SIZE / 2)) "$D/bought.data"
"${BT[@]}" trade download "$CTR" -o "$D/bought.data" --json >"$D/dl2.json" 2>/dev/null || fail "the resumed download failed"
grep -q "\"resumed_from\":$((SIZE / 2))" "$D/dl2.json" || fail "the download did not resume: $(cat "$D/dl2.json")"
[ "$(sha256sum "$D/bought.data" | cut -d' ' -f1)" = "$SHA" ] || fail "the resumed file differs"
"${BT[@]}" trade download "$CTR" -o "$D/bought.data" --json >"$D/dl-whole.json" 2>/dev/null \
  || fail "downloading a file already whole failed"
grep -q "\"resumed_from\":$SIZE" "$D/dl-whole.json" || fail "a whole file was fetched again"
cp "$D/bought.data" "$D/whole.data"
printf 'X' | dd of="$D/whole.data" bs=1 seek=0 conv=notrunc 2>/dev/null
if "${BT[@]}" trade download "$CTR" -o "$D/whole.data" 2>/dev/null; then fail "a whole but changed file went unnoticed"; fi
printf 'X' | dd of="$D/bought.data" bs=1 seek=0 conv=notrunc 2>/dev/null
truncate -s $((SIZE - 1)) "$D/bought.data"
if "${BT[@]}" trade download "$CTR" -o "$D/bought.data" 2>"$D/dl3.err"; then fail "a corrupted resume went unnoticed"; fi
grep -q 'SHA-256' "$D/dl3.err" || fail "the corrupted file was not named: $(cat "$D/dl3.err")"
"${BT[@]}" trade act "$CTR" accept --json | grep -q '"trade_status":"settled"' || fail "trade act accept"
if "${BT[@]}" trade act "$CTR" frobnicate 2>"$D/act.err"; then fail "an unknown action was accepted"; fi
grep -q 'field: action' "$D/act.err" || fail "the unknown action was not named: $(cat "$D/act.err")"
"${BT[@]}" trade contracts | grep -q "$CTR" || fail "trade contracts does not list the contract"
"${BT[@]}" notifications | grep -q "trade.deliver .*$CTR" || fail "notifications: $("${BT[@]}" notifications | head -3)"
for _ in $(seq 1 50); do
  "${BT[@]}" webhook deliveries "$HOOK" | grep -q 'pending   attempts [1-9].*cannot connect' && break
  sleep 0.2
done
"${BT[@]}" webhook deliveries "$HOOK" | grep -q 'pending   attempts [1-9].*cannot connect' \
  || fail "webhook deliveries: $("${BT[@]}" webhook deliveries "$HOOK" | head -3)"
"${BT[@]}" webhook remove "$HOOK" || fail "webhook remove"
"${BT[@]}" webhook list | grep -q "$HOOK  inactive" || fail "the removed webhook is still active"

# Cross-border evidence: the exporter files it with its document, the operator finds it in the
# review queue and approves it, and the document comes back byte for byte, digest checked.
printf '%%PDF-1.4 filing receipt\n' >"$D/filing.pdf"
FROM=$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ); UNTIL=$(date -u -d '+365 days' +%Y-%m-%dT%H:%M:%SZ)
EVD=$(BOURSE_TOKEN=$SELLER "$B" evidence file standard_contract_filing --reference "粤网信备 2026-7" \
  --authority "Guangdong CAC" --to SG --to CN-HK --sector energy --from "$FROM" --until "$UNTIL" \
  --document - --json <"$D/filing.pdf" | sed -n 's/.*"id":"\(evd_[0-9a-f]*\)".*/\1/p' | head -1)
[ -n "$EVD" ] || fail "evidence file"
"$B" evidence list --status filed | grep -q "^$EVD  standard_contract_filing" || fail "not in the review queue"
"$B" evidence decide "$EVD" --approve --reason "checked with the CAC register" | grep -q "approved" \
  || fail "evidence decide"
BOURSE_TOKEN=$SELLER "$B" evidence document "$EVD" -o "$D/filing.back" | grep -q "sha256" || fail "evidence document"
cmp -s "$D/filing.pdf" "$D/filing.back" || fail "the document came back changed"
if BOURSE_TOKEN=$SELLER "$B" evidence file notarised_letter --reference r --authority a --to SG \
  --sector energy --from "$FROM" --until "$UNTIL" --document "$D/filing.pdf" 2>"$D/evd.err"; then
  fail "an unknown evidence kind was filed"; fi
grep -q "kind" "$D/evd.err" || fail "the unknown kind was not named: $(cat "$D/evd.err")"
"$B" exporter show "$(/usr/bin/python3 -c 'import json,sys; print(next(a["id"] for a in json.load(open(sys.argv[1])) if a["token"] == sys.argv[2]))' "$D/var/demo-accounts.json" "$SELLER")" \
  | grep -q "in_ftz" || fail "exporter show"

# Tampering: one byte of a stored leaf, then one stored hash; verify --full names each.
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
tamper() { /usr/bin/python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()" "$D/var/bourse.db" "$1"; }
tamper "UPDATE log_entries SET leaf = CAST(replace(CAST(leaf AS TEXT), '\"v\":1', '\"v\":2') AS BLOB) WHERE idx = 3"
start_server
if "$B" log verify --state "$D/tamper-state.json" --full 2>"$D/tamper1.err"; then fail "a changed leaf went unnoticed"; fi
grep -q 'entry 3 (in tile/entries/000' "$D/tamper1.err" || fail "the changed leaf was not named: $(cat "$D/tamper1.err")"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
tamper "UPDATE log_entries SET leaf = CAST(replace(CAST(leaf AS TEXT), '\"v\":2', '\"v\":1') AS BLOB) WHERE idx = 3"
tamper "UPDATE log_hashes SET hash = zeroblob(32) WHERE level = 1 AND idx = 2"
start_server
if "$B" log verify --state "$D/tamper-state.json" --full 2>"$D/tamper2.err"; then fail "a changed tile went unnoticed"; fi
grep -q 'hash 2 of tile/1/000' "$D/tamper2.err" || fail "the changed tile was not named: $(cat "$D/tamper2.err")"

# SIGTERM drains and exits 0.
kill -TERM "$SERVER_PID"
set +e; wait "$SERVER_PID"; CODE=$?; set -e
SERVER_PID=""
[ "$CODE" = 0 ] || fail "serve exited $CODE on SIGTERM"
grep -q 'stopped' "$D/serve.err" || fail "no shutdown log line"
echo "cli end-to-end: 1 passed, 0 failed"
