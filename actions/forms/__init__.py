"""Forms of the campaign plan. Every choice of campaign data is scoped to the campaign."""
