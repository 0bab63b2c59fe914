"""One module per exercise kind, each defining ``EXERCISE``; the registry imports them all."""
