"""Tools for glossary maintainers: run examples, lint, list and explain, corpus statistics."""
