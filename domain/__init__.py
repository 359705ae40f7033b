"""The business: catalog, pricing, schemes, tax, credit, orders, ledger, statements."""
