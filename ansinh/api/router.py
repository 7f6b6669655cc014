from ninja import NinjaAPI

api = NinjaAPI(title="ansinh API", version="1")
