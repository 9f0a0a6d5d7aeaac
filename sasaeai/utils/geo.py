"""Positions in Japan: the bounds every form and import checks coordinates against, and
straight-line distances."""

import math
import re

# Generous bounds of Japan (Okinotorishima 20.4°N … Etorofu 45.6°N; Yonaguni 122.9°E … Minamitorishima 153.9°E).
JAPAN_LATITUDE = (20.0, 46.0)
JAPAN_LONGITUDE = (122.0, 154.0)


def in_japan(latitude: float, longitude: float) -> bool:
    return (
        JAPAN_LATITUDE[0] <= latitude <= JAPAN_LATITUDE[1]
        and JAPAN_LONGITUDE[0] <= longitude <= JAPAN_LONGITUDE[1]
    )


def coordinate_errors(latitude_text: str, longitude_text: str, *, detect_swap: bool) -> list[str]:
    """Japanese messages for a typed pair of coordinates (both blank is fine)."""
    if not latitude_text and not longitude_text:
        return []
    try:
        latitude, longitude = float(latitude_text), float(longitude_text)
    except ValueError:
        return ["緯度・経度: 数として読み取れないか、片方だけが入っています。"]
    if detect_swap and in_japan(longitude, latitude):
        return [
            f"緯度・経度: 緯度（{latitude_text}）と経度（{longitude_text}）が入れ替わっているようです。"
        ]
    if not in_japan(latitude, longitude):
        return [f"緯度・経度: （{latitude_text}, {longitude_text}）は日本の範囲の外です。"]
    return []


EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)


POSITION_SEPARATORS = re.compile(r"[,、，/／\s]+")


def split_position(text: str) -> tuple[str, str] | None:
    """「35.66,139.32」 (one cell holding both, as many open-data files write a place) as the
    latitude and longitude texts, or None when it is not two parts. The parts are checked as
    numbers by coordinate_errors, like two cells would be."""
    parts = [part for part in POSITION_SEPARATORS.split(text.strip()) if part]
    return (parts[0], parts[1]) if len(parts) == 2 else None


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine): straight-line, not walking distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
