"""EST intake: the taxonomy, incidents about places, redaction, importers and Open311."""

# The weekly totals follow every ORM write of an incident from the moment incidents exist.
from samverkan.incidents import counts as counts

# Old incidents are deleted by `samverkan retention run`: the class is registered at import.
from samverkan.incidents import retention as retention
