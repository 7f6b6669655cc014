from ansinh.audit.context import client_ip, request_ip, request_user


class RequestContextMiddleware:
    """Makes the request's address (and its signed-in person) available to ``ansinh.audit.services.record``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_ip.set(client_ip(request))
        person = request_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            request_user.reset(person)
            request_ip.reset(token)
