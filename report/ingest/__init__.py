"""Stage 1, loading: the extract contract, the loader and its checks, typed problems, and the
guard against direct identifiers. Reads unsuppressed extract rows: never imported by content."""
