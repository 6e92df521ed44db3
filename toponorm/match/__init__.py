"""Stage 2, matching one name: candidates from the indexes, scores, ranking with priors and
context, and the decision record that accepts one unit or abstains, with its reasons."""
