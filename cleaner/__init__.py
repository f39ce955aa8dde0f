"""cleaner: clean scraped news articles and explain every change."""

__version__ = "0.1.0"
