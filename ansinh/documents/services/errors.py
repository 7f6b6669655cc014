class DocumentError(Exception):
    """A refused write or a document that could not be made; ``message`` is Vietnamese, fit to show."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
