"""The benchmark documents, built in code from the facts of the public documentation pages.

* Graph presence: the ``GET /me/presence`` response example of the Graph v1.0 presence docs, with a full
  ``statusMessage``.
* UM web service: the ``SetOofStatus`` request and the ``GetUMPropertiesResponse`` response examples of the
  Exchange Unified Messaging web service docs, in SOAP 1.1 envelopes.

Each document comes with the values every peer must decode from it (``*_VALUES``); the JSON values come from
``json.loads`` and are normalised by :func:`benchmarks.peers_json.json_values`.
"""

from __future__ import annotations

import json
from typing import Any, Final

SOAP11_NS: Final = "http://schemas.xmlsoap.org/soap/envelope/"
UM_NS: Final = "http://schemas.microsoft.com/exchange/services/2006/messages"

# --- Graph presence (JSON) -------------------------------------------------------------------------------

PRESENCE: Final[dict[str, Any]] = {
    "id": "fa8bf3dc-eca7-46b7-bad1-db199b62afc3",
    "availability": "Available",
    "activity": "Available",
    "outOfOfficeSettings": {"message": None, "isOutOfOffice": False},
    "statusMessage": {
        "message": {"content": "Hey I am available now", "contentType": "text"},
        "expiryDateTime": {"dateTime": "2022-10-18T17:05:33.2079781", "timeZone": "Pacific Standard Time"},
        "publishedDateTime": "2022-10-18T16:05:33.2079781Z",
    },
}
"""The presence example as Python values (``None`` is the document's explicit ``null``)."""

PRESENCE_JSON: Final[bytes] = json.dumps(PRESENCE, separators=(",", ":")).encode("utf-8")
"""The presence example as compact UTF-8 JSON, as Graph sends it."""

# --- UM web service (SOAP 1.1 XML) ----------------------------------------------------------------------


def _envelope(body: str, *, xsi: bool) -> bytes:
    schema_ns = (
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
        if xsi
        else ""
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<soap:Envelope xmlns:soap="{SOAP11_NS}"{schema_ns}>\n'
        "  <soap:Body>\n"
        f"{body}"
        "  </soap:Body>\n"
        "</soap:Envelope>\n"
    ).encode()


SET_OOF_STATUS_XML: Final[bytes] = _envelope(
    f'    <SetOofStatus xmlns="{UM_NS}">\n      <status>true</status>\n    </SetOofStatus>\n',
    xsi=False,
)
"""The ``SetOofStatus`` request of the UM docs."""

FOLDER_ID: Final = "AAAAAGsd2rbQLVtLobUGbrq/9IUBAEX2ikn/L8JJtI5WHI0FAW8AAAFXHhsAAA=="

GET_UM_PROPERTIES_RESPONSE_XML: Final[bytes] = _envelope(
    f'    <GetUMPropertiesResponse xmlns="{UM_NS}">\n'
    "      <GetUMPropertiesResponse>\n"
    "        <OofStatus>false</OofStatus>\n"
    "        <MissedCallNotificationEnabled>true</MissedCallNotificationEnabled>\n"
    "        <PlayOnPhoneDialString>12345</PlayOnPhoneDialString>\n"
    "        <TelephoneAccessNumbers>54321</TelephoneAccessNumbers>\n"
    f"        <TelephoneAccessFolderEmail>{FOLDER_ID}</TelephoneAccessFolderEmail>\n"
    "      </GetUMPropertiesResponse>\n"
    "    </GetUMPropertiesResponse>\n",
    xsi=True,
)
"""The ``GetUMPropertiesResponse`` response of the UM docs."""

SET_OOF_STATUS_VALUES: Final[dict[str, Any]] = {"SetOofStatus": {"status": True}}
"""What every XML peer must read from :data:`SET_OOF_STATUS_XML`: body element name -> child values."""

GET_UM_PROPERTIES_RESPONSE_VALUES: Final[dict[str, Any]] = {
    "GetUMPropertiesResponse": {
        "GetUMPropertiesResponse": {
            "OofStatus": False,
            "MissedCallNotificationEnabled": True,
            "PlayOnPhoneDialString": "12345",
            "TelephoneAccessNumbers": "54321",
            "TelephoneAccessFolderEmail": FOLDER_ID,
        }
    }
}
"""What every XML peer must read from :data:`GET_UM_PROPERTIES_RESPONSE_XML`."""
