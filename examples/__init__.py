"""Example services built on the generated packages (hand-written, consuming them the way a user would)."""
