"""Areas (municipality, districts, sub-areas), coordinates and point-to-area lookup."""
