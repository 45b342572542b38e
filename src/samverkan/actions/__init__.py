"""Actions (insatser): meetings, actions, teams' capacity, follow-up and evaluation."""
