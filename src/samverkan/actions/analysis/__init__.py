"""Pure analysis of actions: numpy/scipy functions on arrays, no database, no HTTP."""
