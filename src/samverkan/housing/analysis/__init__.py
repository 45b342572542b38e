"""Pure arithmetic of the housing-safety parts (no database, no requests)."""
