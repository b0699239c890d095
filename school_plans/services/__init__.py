"""What changes data. Services flush; they never commit (one commit per request)."""
