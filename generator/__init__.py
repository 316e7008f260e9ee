"""Build side of the escalation handbook: load and validate procedures, generate pages and assets."""
