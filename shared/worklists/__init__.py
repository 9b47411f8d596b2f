"""The caseworker's day: named workers, case lists with names, filters and sorts, and search."""
