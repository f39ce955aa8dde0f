"""One module a stage; each defines STAGE, its Stage subclass (see cleaner.pipeline)."""
