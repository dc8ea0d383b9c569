"""The expected failures: each carries a message for the user that says what to do."""


class RagError(Exception):
    """An expected failure with a message for the user that says what to do."""


class IndexNotFound(RagError):
    pass


class IndexCorrupt(RagError):
    pass


class IndexMismatch(RagError):
    pass


class NothingIndexed(RagError):
    pass


class StoreError(RagError):
    """A store that cannot be named, reached or used."""
