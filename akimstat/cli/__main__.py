"""`python -m akimstat.cli`: the command, as the `akimstat` script runs it."""

from akimstat.cli import main

main()
