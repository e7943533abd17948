"""rustdock's benchmark: build speed, image size and correctness against the patterns users use.

Run it with `bash bench/run.sh` (see bench/README.md); `python -m bench --help` lists the steps.
"""
