import pytest

from sasaeai.utils.geo import coordinate_errors, distance_m, in_japan


def test_tokyo_is_in_japan_and_a_swapped_pair_is_not() -> None:
    assert in_japan(35.68, 139.76)
    assert not in_japan(139.76, 35.68)


def test_a_swapped_pair_is_named_as_such_only_when_asked() -> None:
    assert coordinate_errors("139.4", "35.7", detect_swap=True) == [
        "緯度・経度: 緯度（139.4）と経度（35.7）が入れ替わっているようです。"
    ]
    assert coordinate_errors("139.4", "35.7", detect_swap=False) == [
        "緯度・経度: （139.4, 35.7）は日本の範囲の外です。"
    ]


def test_blank_is_fine_and_half_a_pair_is_not() -> None:
    assert coordinate_errors("", "", detect_swap=True) == []
    assert coordinate_errors("35.7", "", detect_swap=True) == [
        "緯度・経度: 数として読み取れないか、片方だけが入っています。"
    ]


def test_tokyo_station_to_shinjuku_station() -> None:
    # By hand (flat-earth approximation, fine at this scale): 1° = 111,195 m;
    # north 0.009685° = 1,076.9 m; west 0.066867° × cos 35.686° (0.81226) = 0.054313°
    # = 6,039.4 m; √(1,076.9² + 6,039.4²) = 6,134.7 m.
    assert distance_m(35.681236, 139.767125, 35.690921, 139.700258) == pytest.approx(6134.7, abs=5)


def test_the_same_point_is_zero_metres_away() -> None:
    assert distance_m(35.7, 139.4, 35.7, 139.4) == 0.0


def test_one_cell_holding_both_coordinates_is_split_in_two() -> None:
    from sasaeai.utils.geo import split_position

    # As open-data files write it: comma, full-width comma, ideographic comma, slash, space.
    cases = {
        "35.6664,139.3160": ("35.6664", "139.3160"),
        " 35.6664， 139.3160 ": ("35.6664", "139.3160"),
        "35.6664、139.3160": ("35.6664", "139.3160"),
        "35.6664 / 139.3160": ("35.6664", "139.3160"),
        "35.6664 139.3160": ("35.6664", "139.3160"),
        "北緯35度": None,  # one part: not a position
        "35.1,139.2,10": None,  # three parts (a height too): not read
    }
    for text, expected in cases.items():
        assert split_position(text) == expected, text
