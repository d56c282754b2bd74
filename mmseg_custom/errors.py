"""The project's own error base: what a user did or must do, worded for them.

`cli.user_errors` turns a `UserError` into one line (`error: ...`, exit code 1); anything
else keeps its traceback, so a bug is never dressed up as a user's mistake. Every error class
of the project derives from `UserError` and from no built-in error, so a `ValueError` or
`RuntimeError` raised by a library or a bug is never mistaken for one of ours.
"""


class UserError(Exception):
    """A mistake or a fault the user can fix: the message names the file and what to do."""


class InputError(UserError):
    """A file the user gave holds what the tool cannot use: a mask's values, an image's size,
    a CSV's rows, a config file's syntax. The message names the file."""


class OptionError(UserError):
    """A command-line option or a config setting the tool cannot use (an unknown device, a
    budget outside [0, 1], a model the exporter cannot express). The message names it."""
