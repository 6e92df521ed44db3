"""Stage 3, running text: words and spans, the ordered guards against false positives, the
topic gate, context across the text, and the rewrite that changes only reported spans."""
