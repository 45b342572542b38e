"""District development: the districts' profiles from official statistics, indicators with
targets, district plans with goals, and the evaluation of a district's change."""
