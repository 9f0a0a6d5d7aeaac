"""Positions in Japan: the bounds every form and import checks coordinates against."""

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
