"""The lägesbild (situation picture): counts, trends, signals, hotspots for a week."""
