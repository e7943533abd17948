"""The lint rules: catalogue.py lists every rule (id, severity, why, fix) and the Finding a rule
reports, scan.py is what the rules ask of a parsed Dockerfile, and each other module holds the
rules of one topic (cargo.py, mounts.py, packages.py, ...). May import: the linter's model/ and
what it may import.
"""
