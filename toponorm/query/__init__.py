"""Stage 1, the query: fold a raw name, cut script leaks, read look-alikes, unit words and
Cyrillic, and key it by sound. Pure functions of strings; nothing here reads the gazetteer."""
