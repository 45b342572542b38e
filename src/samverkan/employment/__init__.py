"""Employment programs: the job factory, Linkstep coaching and employer matching, summer jobs."""

# The dashboard's tallies follow every ORM write of a participant, a stage change or a follow-up
# from the moment the employment models exist: the flush hook is part of the pathway's own
# rules, as the incidents' weekly totals are of theirs.
from samverkan.employment import tallies as tallies
