"""The SOAP targets: the XML codec (`codec.py`, planned in `codec_plan.py`), the server stub (`server.py`)
and the WSDL it serves (`wsdl.py`)."""
