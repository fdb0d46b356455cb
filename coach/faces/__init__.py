"""How a conversation meets the rep: the line face for pipes, the terminal face for a real terminal."""
