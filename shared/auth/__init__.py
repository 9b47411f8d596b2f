"""Users, roles, sign-in, MFA, sessions and permission decorators."""
