"""Reference data: BCUs, boroughs and custody suites."""
