"""Engines that run the batch's cleaning elsewhere than this machine's processes: each an
adapter over an optional dependency, imported only when a run asks for it (never by the
core, nor by `import cleaner`)."""
