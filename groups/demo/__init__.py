"""Demo data: plausible self-help groups across Switzerland, for development, demos and benchmarks.

Every demo group is marked `is_demo=True` so it can be removed in one go. Groups meet in real
Swiss localities (postcodes from the `countrystatecity-postal-codes` package, ODbL) and are
written in the language of their region. The same seed gives the same groups. The set is
written with a fixed number of queries per batch (100,000 groups, search index included, in
about a minute on a 2-core machine), which is what the benchmarks rely on.
"""
