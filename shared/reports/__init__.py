"""VRU statistics: a rollup of clear columns, small-number suppression, charts and CSV."""
