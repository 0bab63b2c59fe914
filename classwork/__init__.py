"""Class grading: a class's submissions read, graded against the answer keys, and written as results."""
