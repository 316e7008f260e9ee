"""The escalation handbook's rule core: standard library only, runs in CPython and Pyodide."""
