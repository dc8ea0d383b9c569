"""The expected failures: each carries a message for the user that says what to do."""


class RagError(Exception):
    """An expected failure with a message for the user: ``cause`` says what is wrong and ``fix``
    (when there is one to give) what to do; the message is both."""

    def __init__(self, cause: str, fix: str | None = None):
        super().__init__(f"{cause}: {fix}" if fix else cause)
        self.cause, self.fix = cause, fix


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


class QuestionError(RagError):
    """A question that cannot be asked: empty once cleaned, or limited to documents that are not there."""


class EvalDataError(RagError):
    """A QA file that cannot be read."""


class ReaderError(RagError):
    """The reader's weights are missing or altered."""
