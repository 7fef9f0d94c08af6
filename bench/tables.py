"""What the bench summaries share: how a measured value over seeds reads in a table."""
import statistics


def cell(values, digits):
    """The mean, then the spread (min-max) in parentheses when there is more than one value."""
    mean = statistics.mean(values)
    if len(values) == 1:
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"
