"""Scoring a dataset "đúng, đủ, sạch, sống" (correct, complete, clean, live) from rules written as data."""
