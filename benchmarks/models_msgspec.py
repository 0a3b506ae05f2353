"""Typed msgspec models of the Graph presence subset, written as a msgspec user would.

``UNSET`` defaults keep an absent property distinct from an explicit ``null`` (an absent one is not
written back, an explicit ``null`` is), as the issue asks of sodagen; camelCase wire names come from
``rename="camel"``.
"""

import datetime
import enum

import msgspec
from msgspec import UNSET, UnsetType


class BodyType(enum.Enum):
    TEXT = "text"
    HTML = "html"


class ItemBody(msgspec.Struct, rename="camel", kw_only=True):
    content: str | UnsetType | None = UNSET
    content_type: BodyType | UnsetType | None = UNSET


class DateTimeTimeZone(msgspec.Struct, rename="camel", kw_only=True):
    date_time: str
    time_zone: str | UnsetType | None = UNSET


class OutOfOfficeSettings(msgspec.Struct, rename="camel", kw_only=True):
    is_out_of_office: bool | UnsetType | None = UNSET
    message: str | UnsetType | None = UNSET


class PresenceStatusMessage(msgspec.Struct, rename="camel", kw_only=True):
    expiry_date_time: DateTimeTimeZone | UnsetType | None = UNSET
    message: ItemBody | UnsetType | None = UNSET
    published_date_time: datetime.datetime | UnsetType | None = UNSET


class UserWorkLocation(msgspec.Struct, rename="camel", kw_only=True):
    place_id: str | UnsetType | None = UNSET
    source: str
    work_location_type: str


class Presence(msgspec.Struct, rename="camel", kw_only=True):
    id: str
    activity: str | UnsetType | None = UNSET
    availability: str | UnsetType | None = UNSET
    out_of_office_settings: OutOfOfficeSettings | UnsetType | None = UNSET
    sequence_number: str | UnsetType | None = UNSET
    status_message: PresenceStatusMessage | UnsetType | None = UNSET
    work_location: UserWorkLocation | UnsetType | None = UNSET
