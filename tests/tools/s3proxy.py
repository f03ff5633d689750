#!/usr/bin/python3
"""s3proxy -- the tests' fault-injecting, signature-checking S3 proxy.

Sits between sk-fetch and s3rver on 127.0.0.1.  Every request's SigV4
signature is recomputed with botocore (the AWS CLI's own signer, from
Debian's awscli) from the same method, path, query and signed headers; a
mismatch is answered 403 SignatureDoesNotMatch, as S3 would.  A plan file
(JSON: [{"match": "substring of the path", "faults": ["503", ...]}]) makes
the next requests whose path holds `match` fail in turn:

  503 / 500 / slowdown / 403   an error answer with S3's XML body
  cut                          half the body, then the connection is closed
  stall                        part of the body, then silence for 60 s

A GET whose If-Match names another version than the object's ETag is
answered 412 PreconditionFailed, as S3 does (s3rver ignores If-Match).

Each request is logged as one line: method, path, Range, If-Match, what
was done.

usage: s3proxy.py PORT UPSTREAM ACCESS_KEY SECRET PLAN LOG
"""
import http.server
import json
import socketserver
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import awscli  # noqa: F401  (puts the AWS CLI's own botocore on the path)
import botocore.auth
import botocore.awsrequest
import botocore.credentials

PORT, UPSTREAM, ACCESS_KEY, SECRET, PLAN, LOG = sys.argv[1:7]
lock = threading.Lock()
with open(PLAN) as f:
    plan = json.load(f)

ERRORS = {
    "503": (503, "ServiceUnavailable", "Please reduce your request rate."),
    "slowdown": (503, "SlowDown", "Please reduce your request rate."),
    "500": (500, "InternalError", "We encountered an internal error."),
    "403": (403, "AccessDenied", "Access Denied"),
}


def next_fault(path):
    with lock:
        for rule in plan:
            if rule["match"] in path and rule["faults"]:
                return rule["faults"].pop(0)
    return None


def log(*fields):
    with lock, open(LOG, "a") as f:
        f.write("\t".join(str(x) for x in fields) + "\n")


def expected_signature(method, raw_path, headers, auth_header):
    """botocore's signature for the request as the client says it signed it."""
    parts = dict(p.strip().split("=", 1) for p in auth_header.split(" ", 1)[1].split(","))
    _, date, region, service, _ = parts["Credential"].split("/")
    signed = parts["SignedHeaders"].split(";")
    request = botocore.awsrequest.AWSRequest(
        method=method, url="http://" + headers["host"] + raw_path,
        headers={h: headers[h] for h in signed})
    request.context["timestamp"] = headers["x-amz-date"]
    signer = botocore.auth.S3SigV4Auth(
        botocore.credentials.Credentials(ACCESS_KEY, SECRET), service, region)
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    return parts["Signature"], signer.signature(string_to_sign, request), signed


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def error(self, status, code, message):
        body = ('<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code>'
                "<Message>%s</Message></Error>" % (code, message)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def check_signature(self):
        headers = {k.lower(): v for k, v in self.headers.items()}
        auth = headers.get("authorization")
        if not auth:
            return "unsigned"
        sent, wanted, signed = expected_signature(self.command, self.path, headers, auth)
        for must in ("host", "x-amz-date", "x-amz-content-sha256"):
            if must not in signed:
                return "bad: %s not signed" % must
        if "x-amz-security-token" in headers and "x-amz-security-token" not in signed:
            return "bad: token not signed"
        return "ok" if sent == wanted else "bad"

    def do_GET(self):
        sig = self.check_signature()
        fault = next_fault(urlsplit(self.path).path)
        if_match = self.headers.get("If-Match")
        log(self.command, self.path, self.headers.get("Range", "-"), if_match or "-",
            "sig " + sig, fault or "pass")
        if sig.startswith("bad"):
            return self.error(403, "SignatureDoesNotMatch",
                              "The request signature we calculated does not match")
        if fault in ERRORS:
            return self.error(*ERRORS[fault])
        upstream = urllib.request.Request(UPSTREAM + self.path, headers=dict(self.headers))
        try:
            answer = urllib.request.urlopen(upstream)
        except urllib.error.HTTPError as e:
            answer = e
        body = answer.read()
        if if_match and answer.headers.get("ETag") not in (None, if_match):
            return self.error(412, "PreconditionFailed",
                              "At least one of the pre-conditions you specified did not hold")
        self.send_response(answer.status if hasattr(answer, "status") else answer.code)
        for k, v in answer.headers.items():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault == "cut":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault == "stall":
            self.wfile.write(body[: len(body) // 3])
            self.wfile.flush()
            time.sleep(60)
            self.close_connection = True
            return
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", int(PORT)), Proxy).serve_forever()
