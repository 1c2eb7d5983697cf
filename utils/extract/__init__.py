"""From a campaign's report to draft rows."""
