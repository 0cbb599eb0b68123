#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1 with byte ranges, for the media probe benchmark (.ci/bench-probe).

Usage: .ci/probe-serve.py DIR [--port N] [--ignore-range] [--log FILE]

  --port N        0 (the default) picks a free port; the first line on stdout is "PORT <n>".
  --ignore-range  answer every GET with 200 and the whole file, as some servers and CDNs do, so the
                  client must stop reading at its budget itself.
  --log FILE      one JSON line per request: {"path", "range", "status", "bytes"}, where bytes is
                  what was written before the client finished or hung up (a client that stops
                  reading closes the connection; what sat in socket buffers counts as sent).

Ranges follow RFC 9110 §14: "bytes=a-b", "bytes=a-" and "bytes=-n" (the last n bytes), one range
per request (a list gets the whole file, as servers may answer); 206 with Content-Range, 416 with
"Content-Range: bytes */size" when the range starts past the end. HEAD gets the headers alone.
Only 127.0.0.1 is listened on; nothing is ever fetched from elsewhere.
"""

import http.server
import json
import os
import re
import sys
import threading
import urllib.parse

CONTENT_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".m4a": "audio/mp4", ".mp3": "audio/mpeg",
                 ".wav": "audio/wav", ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
                 ".gif": "image/gif", ".pdf": "application/pdf", ".html": "text/html; charset=utf-8",
                 ".json": "application/json"}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."
    ignore_range = False
    log_file = None
    log_lock = threading.Lock()

    def log_message(self, format, *args):  # quiet: the JSON log says what matters
        pass

    def record(self, status, requested, sent):
        if self.log_file is None:
            return
        with self.log_lock:
            self.log_file.write(json.dumps({"path": self.path, "range": requested, "status": status,
                                            "bytes": sent}) + "\n")
            self.log_file.flush()

    def do_HEAD(self):
        self.respond(body=False)

    def do_GET(self):
        self.respond(body=True)

    def respond(self, body):
        name = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
        path = os.path.realpath(os.path.join(self.root, name))
        if not path.startswith(os.path.realpath(self.root) + os.sep) or not os.path.isfile(path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.record(404, None, 0)
            return
        size = os.path.getsize(path)
        requested = self.headers.get("Range")
        start, end, status = 0, size - 1, 200
        match = RANGE.match(requested.strip()) if requested and not self.ignore_range else None
        if match and (match.group(1) or match.group(2)):
            first, last = match.group(1), match.group(2)
            if first:
                start = int(first)
                end = min(int(last), size - 1) if last else size - 1
            else:  # suffix: the last n bytes
                start = max(0, size - int(last))
            if start >= size or (first and last and int(last) < start):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.record(416, requested, 0)
                return
            status = 206
        length = max(0, end - start + 1)
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream"))
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "none" if self.ignore_range else "bytes")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        sent = 0
        if body:
            try:
                with open(path, "rb") as source:
                    source.seek(start)
                    while sent < length:
                        chunk = source.read(min(CHUNK, length - sent))
                        if not chunk:
                            break
                        self.wfile.write(chunk)
                        sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
        self.record(status, requested, sent)


def main():
    arguments = sys.argv[1:]
    if not arguments or arguments[0].startswith("-"):
        sys.exit(__doc__)
    Handler.root = arguments[0]
    port = 0
    if "--port" in arguments:
        port = int(arguments[arguments.index("--port") + 1])
    Handler.ignore_range = "--ignore-range" in arguments
    if "--log" in arguments:
        Handler.log_file = open(arguments[arguments.index("--log") + 1], "a")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
