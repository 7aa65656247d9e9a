#!/usr/bin/python3
"""Holds N idle keep-alive HTTP connections open: each sends one GET, reads the reply, then idles.

Usage: idle_connections.py PORT PATH N [HEADER...]. Prints "ready N" once all are idle and keeps
them open until killed (or 120 s pass)."""
import socket
import sys
import time

port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
headers = "".join(h + "\r\n" for h in sys.argv[4:])
request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode()
socks = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        body += s.recv(65536)
    socks.append(s)
print(f"ready {len(socks)}", flush=True)
time.sleep(120)
