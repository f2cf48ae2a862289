"""The one home of every value rule: what a number, a date, a boolean, text, "empty" and case mean.

Every backend, sorting, formatting and the loaders import these rules; none restates them.
"""
