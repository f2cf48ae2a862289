"""The command-line interface: ``filterengine preview|explain|check|query``."""

from .main import main

__all__ = ["main"]
