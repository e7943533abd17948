"""Settings: what the user, the org and a template pack chose, and which one wins.

config.py holds every setting's schema and validation, layers.py merges the five layers (built-in
defaults < template pack < org config < project config < command line) and finds the template
folders. May import: rustdock.errors, the knowledge and read layers.
"""
