"""Everything that draws on a real terminal; the only package that imports prompt_toolkit."""
