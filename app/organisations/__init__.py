"""An organisation's own settings."""
