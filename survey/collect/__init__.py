"""Public forms for participants: no account, one short link per training."""
