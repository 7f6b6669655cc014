class StewardshipError(Exception):
    """A write that cannot be done; ``message`` is Vietnamese, ``errors`` one Vietnamese line a problem (a
    spreadsheet's rows). Nothing was written."""

    def __init__(self, message: str, code: str = "invalid", errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.errors = errors or []
