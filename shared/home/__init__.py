"""Each role's home page, the navigation, and the health check."""
