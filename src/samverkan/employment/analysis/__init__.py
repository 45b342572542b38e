"""Pure analysis of the employment programs: numpy/scipy, no session, no HTTP."""
