"""How the coach reads a rep's words: tokens and clauses, stems, keyword matching, reflecting back."""
