"""Coach: a terminal reflection coach for sales reps who handle rejection on cold calls."""

__version__ = "0.1.0"
