"""HTTP routes under /api/v1: streamed exports and integrations. Mounted on the
Reflex backend through `api_transformer`."""
