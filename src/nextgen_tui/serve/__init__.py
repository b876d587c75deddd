"""`nextgen-tui serve`: the questionnaire for people without shell accounts.

`people` (who may log in, and their files), `gate` (connection limits), `bridge` (bytes between
a channel and a process), `child` (the process a person gets), `host_key`, `log`, and the two
servers: `ssh` (asyncssh) and `web` (textual-serve).
"""
