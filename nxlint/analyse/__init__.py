"""Analysis: normalise the prose, run the spaCy pipeline once, and hand rules a
compact view (sentences, concept mentions with context, citation evidence)."""
