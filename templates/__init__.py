"""Built-in Jinja templates (mapped from the top-level templates/ folder)."""
