from ansinh.audit.context import client_ip, request_ip


class RequestContextMiddleware:
    """Makes the request's address available to ``ansinh.audit.services.record``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            request_ip.reset(token)
