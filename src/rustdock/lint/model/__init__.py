"""The linter's model: a Dockerfile as BuildKit reads it, the shell commands of its RUNs as sh
reads them, and what those commands run, read, write and install, with the tables of facts only
the linter needs (wrappers.py, shaping.py, secrets.py, packages.py's libraries).

dockerfile.py parses, words.py expands and compares paths, shell.py splits RUNs into commands;
the rest build on them. May import: rustdock.errors, the knowledge and read layers; never rules/.
"""
