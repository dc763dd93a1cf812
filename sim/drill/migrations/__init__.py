"""SQL migrations for the PostgreSQL drill store, shipped as package data (see store_pg)."""
