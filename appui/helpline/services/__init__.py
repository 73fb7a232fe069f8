"""Every write of the helpline, one transaction and its audit lines each, one module per topic."""
