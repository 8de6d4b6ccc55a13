"""Hypernet data service: one person's digital life in PostgreSQL, behind a JSON API."""
