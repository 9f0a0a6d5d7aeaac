"""サンプル市, the demo city: built from every app's demo module by `sasaeai demo`.

It sits above every app (docs/architecture.md) and no app imports it; the tests that need the
whole city import it (sasaeai/tests/demo_city.py)."""
