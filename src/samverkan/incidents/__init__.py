"""EST intake: the taxonomy, incidents about places, redaction, importers and Open311."""
