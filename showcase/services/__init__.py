"""Services: the only code that changes state and commits. Each change writes an audit event."""
