"""The answer path, one module per stage, in the order a question meets them:

- ``question``: clean and analyse the question (language, kind, weighted words, unit, metrics);
  ``english``: Chinese search words for an English question.
- ``retrieve``: dense + BM25 search and their fusion, within a document or date scope.
- ``evidence``: the retrieved sentences as candidates, scored; whether the best is evidence enough.
- ``verify``: the verification stage, every answer checked against what the question asks.
- ``compose``: the rules' answer (``--rules``): quotes, short answer by rules, "not found".
- ``table``: answers computed from the figure table; a figure answer cross-checked against it.
- ``reader``: the trained reader (spans in windows); ``read``: the reader's own path (``--reader``).
- ``combined``: the default path, the rules' verified evidence read by the reader; paths by name.
- ``render``: the answer and citation records, labels, scripts, source lines.
- ``followup``: follow-up questions completed from the conversation.

The reader's modules (``reader``, ``read``) import no rules' composition (``compose``).
"""
