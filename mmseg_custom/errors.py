"""The project's own error base: what a user did or must do, worded for them.

`cli.user_errors` turns a `UserError` into one line (`error: ...`, exit code 1); anything
else keeps its traceback, so a bug is never dressed up as a user's mistake.
"""


class UserError(Exception):
    """A mistake or a fault the user can fix: the message names the file and what to do."""
