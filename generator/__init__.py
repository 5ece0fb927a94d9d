"""productdocs: product definitions in YAML, validated and published as a sales site."""

from generator.portfolio import Portfolio
from generator.problems import Problem
from generator.validate import validate

__all__ = ["Portfolio", "Problem", "validate"]
