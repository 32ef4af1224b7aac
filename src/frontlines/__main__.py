"""`python -m frontlines` is the `frontlines` command."""
from .cli import main

main()
