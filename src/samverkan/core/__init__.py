"""Core: settings, database, time, audit log and the pieces every domain stands on."""
