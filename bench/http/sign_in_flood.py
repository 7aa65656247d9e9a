#!/usr/bin/env python3
"""Anonymous password sign-in loops: LOOPS threads post wrong passwords for ORG to
POST /v1/sessions on 127.0.0.1:PORT for SECONDS, each over its own keep-alive connection.
Prints the attempts made and the statuses answered."""
import collections
import http.client
import json
import sys
import threading
import time

port, org, loops, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
statuses = collections.Counter()
lock = threading.Lock()
deadline = time.time() + seconds
body = json.dumps({"organization": org, "password": "not the password at all"})


def loop():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.time() < deadline:
        try:
            conn.request("POST", "/v1/sessions", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            with lock:
                statuses[r.status] += 1
        except Exception:
            with lock:
                statuses["error"] += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)


threads = [threading.Thread(target=loop) for _ in range(loops)]
for t in threads:
    t.start()
print("ready", flush=True)
for t in threads:
    t.join()
print("attempts", sum(statuses.values()), dict(statuses), flush=True)
