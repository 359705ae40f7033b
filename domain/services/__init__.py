"""Use cases over the database: each opens a unit of work, calls the pure rules, commits."""
