"""Read-only, expiring, revocable links that let donors see the latest report."""
