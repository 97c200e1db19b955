"""Parses /metrics with the official Prometheus client's parser and checks
that the request counter rose by exactly the requests sent.

Usage: check.py BASE_URL  (a server that has just become ready)"""
import sys
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics_families
from prometheus_client.parser import text_string_to_metric_families

BASE = sys.argv[1]
SENT = 25
ROUTE = "/api/v1/regions/{code}"


def scrape(accept):
    request = urllib.request.Request(f"{BASE}/metrics", headers={"Accept": accept})
    return urllib.request.urlopen(request).read().decode()


def requests_total():
    # Both formats parse with the official parsers and hold the same counter.
    open_families = {f.name: f for f in openmetrics_families(scrape("application/openmetrics-text"))}
    assert open_families["ipr_http_requests"].type == "counter"
    text = scrape("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert "ipr_http_requests" in families, sorted(families)
    assert families["ipr_http_requests"].type == "counter", families["ipr_http_requests"].type
    for needed in ["ipr_http_request_duration_seconds", "ipr_tickets_open_overdue",
                   "ipr_webhook_outbox_pending", "ipr_directory_outlets", "ipr_change_log_lag"]:
        assert needed in families, f"{needed} missing"
    return sum(s.value for s in families["ipr_http_requests"].samples
               if s.name == "ipr_http_requests_total" and s.labels.get("route") == ROUTE
               and s.labels.get("status") == "200")


before = requests_total()
for _ in range(SENT):
    urllib.request.urlopen(f"{BASE}/api/v1/regions/140700").read()
after = requests_total()
assert after - before == SENT, f"counter rose by {after - before}, sent {SENT}"
print(f"metrics parse with prometheus_client; the counter rose by exactly {SENT}")
