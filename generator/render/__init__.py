"""Rendering: the Jinja environment (user templates over the built-in ones), the filters templates use, the
catalog of built-in templates and their blocks, and the helpers that write Python source (literals, orders).
"""
