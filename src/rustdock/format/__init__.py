"""Format and prove: the plan printed through the Jinja templates, and the printed text checked.

render.py formats a BuildPlan with the templates (which print, never decide) into a Rendering in
memory; guard.py proves on the rendered text that the stages and the binaries' relocation are what
the plan says, beside the lint error rules. Nothing here writes a file. May import everything below
it: rustdock.errors, the knowledge, read, settings and decide layers, and the linter.
"""
