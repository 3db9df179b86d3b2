#!/usr/bin/env python3
"""Writes learners.csv for the distinct-estimate-bound case: 16 400 rows in April 2024, learner
numbers 1..16400, each once, dated 2024-04-01..09 in turn (deterministic; run from this directory)."""
with open("learners.csv", "w", newline="\n") as f:
    f.write("provider,learner,on\n")
    for i in range(1, 16401):
        f.write(f"RYX,{i},2024-04-0{1 + i % 9}\n")
