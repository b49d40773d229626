"""Dossier records: validation, an append-only Parquet store and KPI queries run by DuckDB. No Django here."""
