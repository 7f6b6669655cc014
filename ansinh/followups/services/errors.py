class FollowupError(Exception):
    """A write of steering work that cannot be done; ``message`` is Vietnamese. Nothing was written."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code
