"""Actions (insatser): meetings, actions, teams, resource plans, follow-up and evaluation."""

# What a team's actions hold of its week is registered with presence.holds at import.
from samverkan.actions import capacity as capacity
