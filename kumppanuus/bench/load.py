"""Load one URL at a fixed concurrency for a fixed time; print the figures as JSON.

Run as a separate process by `manage.py bench`:
python -m kumppanuus.bench.load URL --concurrency 8 --seconds 10 [--cookie NAME=VALUE]
"""

import argparse
import http.client
import json
import statistics
import threading
import time
from urllib.parse import urlsplit


def worker(url, cookie, deadline, results, lock):
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Accept-Language": "fi", "Host": parts.netloc}
    if cookie:
        headers["Cookie"] = cookie
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    latencies, queries, errors = [], [], 0
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            continue
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            errors += 1
        queries.append(int(response.getheader("X-Query-Count", "0")))
    connection.close()
    with lock:
        results["latencies"].extend(latencies)
        results["queries"].extend(queries)
        results["errors"] += errors


def run(url, concurrency, seconds, cookie=""):
    results = {"latencies": [], "queries": [], "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=worker, args=(url, cookie, deadline, results, lock))
        for _ in range(concurrency)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = sorted(results["latencies"])
    count = len(latencies)
    return {
        "requests": count,
        "errors": results["errors"],
        "rps": round(count / elapsed, 1),
        "p50_ms": round(1000 * latencies[count // 2], 1) if count else None,
        "p95_ms": round(1000 * latencies[min(count - 1, int(count * 0.95))], 1) if count else None,
        "queries": round(statistics.mean(results["queries"]), 1) if results["queries"] else None,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--cookie", default="")
    args = parser.parse_args()
    print(json.dumps(run(args.url, args.concurrency, args.seconds, args.cookie)))


if __name__ == "__main__":
    main()
