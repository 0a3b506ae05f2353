"""Pydantic v2 models of the Graph presence subset with camelCase aliases, written as a pydantic user would.

Explicit ``null`` versus absent is kept by pydantic's fields-set tracking (``exclude_unset=True`` on dump).
"""

import datetime
import enum

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class BodyType(enum.Enum):
    TEXT = "text"
    HTML = "html"


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class ItemBody(_Model):
    content: str | None = None
    content_type: BodyType | None = None


class DateTimeTimeZone(_Model):
    date_time: str
    time_zone: str | None = None


class OutOfOfficeSettings(_Model):
    is_out_of_office: bool | None = None
    message: str | None = None


class PresenceStatusMessage(_Model):
    expiry_date_time: DateTimeTimeZone | None = None
    message: ItemBody | None = None
    published_date_time: datetime.datetime | None = None


class UserWorkLocation(_Model):
    place_id: str | None = None
    source: str
    work_location_type: str


class Presence(_Model):
    id: str
    activity: str | None = None
    availability: str | None = None
    out_of_office_settings: OutOfOfficeSettings | None = None
    sequence_number: str | None = None
    status_message: PresenceStatusMessage | None = None
    work_location: UserWorkLocation | None = None
