"""Writes of the campaign plan that span several models or leave an audit record. Views, the
management commands and the demo all go through these functions."""
