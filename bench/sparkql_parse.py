"""SparkQL parse time, beside the time of one request to the local server.

What every ``filter=`` costs before a request leaves: ``sparkapi.sparkql.parse`` on a
filter of 20 conditions (every literal type, a group, a range, a list, a function), timed
in-process; and, for scale, one listings search against ``SparkTestServer``. Reported,
never asserted.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from sparkapi.sparkql import parse
from sparkapi.testing import SparkTestServer

FILTER = (
    "City Eq 'Fargo' And ListPrice Bt 100000.0,250000.0 And BedsTotal Ge 3 And BathsTotal Ge 2.0"
    " And PropertyType Eq 'A','B' And MlsStatus Ne 'Closed' And YearBuilt Gt 1990"
    " And ModificationTimestamp Gt days(-7) And (StateOrProvince Eq 'ND' Or StateOrProvince Eq 'MN')"
    " And PostalCode Eq '581*' And StreetName Ne 'Main' And BuildingAreaTotal Lt 4000.0"
    " And Latitude Gt 46.0 And Longitude Lt -96.0 And ListingId Ne '10-1796' And MlsId Ne 'x'"
    " And PublicRemarks Ne 'none' And ListPrice Ne 0.0 And City Ne 'Moorhead'"
)


def measure(rounds: int) -> dict[str, Any]:
    conditions = len(parse(FILTER).conditions)
    parse_us = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(200):
            parse(FILTER)
        parse_us.append((time.perf_counter() - started) / 200 * 1e6)
    request_ms = []
    with SparkTestServer(records={"listings": 100}, seed=1) as server, server.client() as client:
        client.listings.list(limit=25)  # the first call opens the connection
        for _ in range(rounds * 10):
            started = time.perf_counter()
            client.listings.list(limit=25)
            request_ms.append((time.perf_counter() - started) * 1e3)
    return {
        "conditions": conditions,
        "parse_us": statistics.median(parse_us),
        "request_ms": statistics.median(request_ms),
    }
