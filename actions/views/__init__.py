"""Views of the campaign plan, split by part of the plan."""
