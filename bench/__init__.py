"""Benchmarks of Bright Line at national scale: see run.py."""
