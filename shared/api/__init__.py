"""The /api/v1 JSON API and its OpenAPI document."""
