"""The audit trail: recording events in a hash chain, reading them back, verifying the chain."""
