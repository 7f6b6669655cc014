"""Reading a plan's text (pure, no Django): see ``pipeline``."""
