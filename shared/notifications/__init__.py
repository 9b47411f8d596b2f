"""The notification outbox: emails queued with the business change, sent by a job."""
