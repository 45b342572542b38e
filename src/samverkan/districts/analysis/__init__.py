"""Pure analysis of the district domain: targets followed up, synthetic control, area evaluation."""
