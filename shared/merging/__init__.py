"""Merging two records of one young person: compared side by side, nothing lost."""
