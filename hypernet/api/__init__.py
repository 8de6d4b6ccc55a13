"""The aiohttp JSON API: one module of handlers per aggregate, plus shared plumbing."""
