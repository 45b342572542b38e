"""Actions (insatser): meetings, actions, teams, resource plans, follow-up and evaluation."""
