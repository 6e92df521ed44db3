"""The bundled data: the artifact's schema (shared with the build), reading it, the gazetteer's
indexes and the word lists. Loaded lazily, once per process, safe to share between threads."""
