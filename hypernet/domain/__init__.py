"""Plain dataclasses for every aggregate: what the mappers return and the API encodes."""
