"""Reading incident files: CSV and XLSX as partners export them, and the police's events JSON."""
