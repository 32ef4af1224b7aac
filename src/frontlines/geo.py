"""Great-circle distance, the one used everywhere a distance between two points is needed."""
from __future__ import annotations

import math


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl, dp = map(math.radians, (lat1, lat2, lon2 - lon1, lat2 - lat1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))
