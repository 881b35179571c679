"""``python -m doclint`` runs the command line."""

from doclint.cli import main

if __name__ == "__main__":  # a spawned worker process imports this module too; only the real run runs
    main()
