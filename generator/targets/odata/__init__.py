"""The OData targets: the JSON codec (`codec.py`, planned in `codec_plan.py`), the server stub (`server.py`)
with its routes (`routes.py`) and the OpenAPI description it serves (`openapi.py`)."""
