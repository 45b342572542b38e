"""EST intake: the taxonomy, incidents about places, redaction, importers and Open311."""

# The weekly totals follow every ORM write of an incident from the moment incidents exist: the
# flush hook is part of the incident's own rules, not a registration of another domain.
from samverkan.incidents import counts as counts
