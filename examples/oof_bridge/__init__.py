"""oof_bridge: one service behind both generated stubs. Setting Out of Office through the Exchange UM SOAP
endpoint shows in the Graph presence and back; state lives in SQLite, callers bring development JWTs."""
