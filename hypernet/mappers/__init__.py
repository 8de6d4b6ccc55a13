"""Data mappers: named SQL in, dataclasses out. One module per aggregate."""
