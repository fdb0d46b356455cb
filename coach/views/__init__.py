"""Renderers for looking back: they turn selected reflections and a pattern Review into output.

Views only format: every number comes from coach/review/query.py or coach/review/patterns.py, and every
sentence from coach/views/words.py, so the terminal, Markdown and HTML say the same thing.
"""
