"""`make loadtest`'s summary: what it reports from locust's CSV and the sign-ins (loadtest/run.py)."""

import json

from loadtest.run import summary

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)


def row(kind: str, name: str, count: int, failures: int, p50: str, p95: str, p99: str, rps: str) -> str:
    return f"{kind},{name},{count},{failures},{p50},0,0,0,0,{rps},0,{p50},0,0,0,0,{p95},0,{p99},0,0,0"


def test_summary_reports_each_page_skips_the_reset_sign_ins_and_counts_failed_sign_ins(tmp_path):
    stats = tmp_path / "run_stats.csv"
    stats.write_text(
        "\n".join(
            [
                HEADER,
                row("GET", "bare view", 10, 0, "20", "40", "50", "1.0"),
                row("GET", "case page", 30, 1, "90", "200", "300", "3.0"),
                row("POST", "login", 0, 0, "N/A", "N/A", "N/A", "0"),  # counted before the measured window
                row("", "Aggregated", 40, 1, "80", "190", "290", "4.0"),
            ]
        )
    )
    logins = tmp_path / "logins.json"
    logins.write_text(json.dumps({"seconds": [1.0, 2.0, 3.0], "failures": ["x@example.org: 429"]}))

    result = summary(stats, logins, users=4, seconds=60)

    assert set(result["pages"]) == {"bare view", "case page"}
    assert result["pages"]["case page"] == {
        "requests": 30, "failures": 1, "rps": 3.0, "p50_ms": 90, "p95_ms": 200, "p99_ms": 300,
    }  # fmt: skip
    assert result["failures"] == 2  # the failed page and the failed sign-in
    assert result["case_p95_over_bare_p95"] == 5.0
    assert result["sign_ins"]["count"] == 3
    assert result["sign_ins"]["p50_s"] == 2.0
