#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible chat-completions server, for benchmarks: answers every
POST /v1/chat/completions after DELAY_MS with {"title": ...} and a usage object (prompt tokens
counted as words), and logs "arrival_epoch_seconds" a line to LOG_FILE.

usage: chatserver.py ADDR PORT DELAY_MS LOG_FILE
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

addr, port, delay, log_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1000, sys.argv[4]
log = open(log_path, "a", buffering=1)
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        arrived = time.time()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        with lock:
            log.write(f"{arrived:.3f}\n")
        time.sleep(delay)
        words = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
        answer = json.dumps({"title": "a page"})
        reply = json.dumps({
            "id": "chatcmpl-bench", "object": "chat.completion", "created": int(arrived),
            "model": body.get("model", "bench"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": words, "completion_tokens": 5, "total_tokens": words + 5},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer((addr, port), Handler).serve_forever()
