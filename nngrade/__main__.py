"""``python -m nngrade`` runs the command line."""
from .cli import main

main()
