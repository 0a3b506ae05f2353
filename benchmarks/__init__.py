"""Benchmarks of the sodagen-generated codecs against the libraries users would pick instead.

Run ``python -m benchmarks.codecs`` from the project root (``--check`` verifies the peers without timing).
"""
