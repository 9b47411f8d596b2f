"""The workflow both programmes share: triage, plans, hand-offs, contacts, outcomes, closure."""
