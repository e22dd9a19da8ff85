"""The API alone, as an ASGI app a test server can serve."""

from license_hub.api import routes

app = routes.build()
