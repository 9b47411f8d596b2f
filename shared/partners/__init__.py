"""Organisations: the operator, partners and the other bodies whose staff sign in."""
