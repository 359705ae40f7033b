"""One module per `orderbot` sub-command; each exposes `register(subparsers)`.

A module's `register` adds its parser with `set_defaults(func=...)`; the function
takes the parsed arguments and returns the process exit code.
"""
