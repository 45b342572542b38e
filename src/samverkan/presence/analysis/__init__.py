"""Pure analysis of presence: the plan as a mixed-integer programme over shifts."""
