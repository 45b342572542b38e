"""Housing safety: the housing companies' disturbance cases (and, to come, eviction
prevention, safety walks, safety plans and bosocial contracts)."""
