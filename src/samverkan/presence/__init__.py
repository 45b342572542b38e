"""Area teams and presence plans: who works in which district, and where they should be when."""
