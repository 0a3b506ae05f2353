"""The Graph side: presence routes of `graph_presence.server`, behaving as the Graph docs describe."""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import TypeVar

from graph_presence import (
    BodyType,
    ClearPresenceRequest,
    GetPresencesByUserIdRequest,
    GetPresencesByUserIdResponse,
    Presence,
    SetPresenceRequest,
    SetStatusMessageRequest,
    SetUserPreferredPresenceRequest,
)
from graph_presence.server import GraphContext, GraphError, PresenceServiceBase

from .store import Store
from .tokens import user_key

READ_OTHERS = "Presence.Read.All"
WRITE_OTHERS = "Presence.ReadWrite.All"
SHORTEST_SESSION = datetime.timedelta(minutes=5)
LONGEST_SESSION = datetime.timedelta(hours=4)
MAX_IDS = 650


def _caller(context: GraphContext) -> tuple[str, frozenset[str]]:
    if context.principal is None:
        raise GraphError(401, "InvalidAuthenticationToken", "Access token is empty.")
    return context.principal.id, context.principal.scopes


def as_seen_by_others(presence: Presence) -> Presence:
    """Another user's view leaves out the status message's expiry and publication times (per the docs)."""
    message = presence.status_message
    if message is None:
        return presence
    hidden = dataclasses.replace(message, expiry_date_time=None, published_date_time=None)
    return dataclasses.replace(presence, status_message=hidden)


class GraphPresence(PresenceServiceBase):
    def __init__(self, store: Store) -> None:
        self.store = store

    # Reads

    async def _read(self, user_id: str, context: GraphContext) -> Presence:
        caller, scopes = _caller(context)
        user_id = user_key(user_id)
        if user_id != caller and READ_OTHERS not in scopes:
            raise GraphError(403, "Forbidden", f"Reading another user's presence needs {READ_OTHERS}.")
        presence = await self.store.presence(user_id)
        if presence is None:
            raise GraphError(404, "itemNotFound", f"User {user_id} has no presence.")
        return presence if user_id == caller else as_seen_by_others(presence)

    async def get_me_presence(self, context: GraphContext) -> Presence:
        return await self._read(_caller(context)[0], context)

    async def get_users_presence(self, user_id: str, context: GraphContext) -> Presence:
        return await self._read(user_id, context)

    async def get_communications_presences_item(self, presence_id: str, context: GraphContext) -> Presence:
        return await self._read(presence_id, context)

    async def communications_get_presences_by_user_id(
        self, body: GetPresencesByUserIdRequest, context: GraphContext
    ) -> GetPresencesByUserIdResponse:
        caller, _ = _caller(context)
        if len(body.ids) > MAX_IDS:
            raise GraphError(400, "BadRequest", f"At most {MAX_IDS} ids per request.")
        found = await self.store.presences(list(dict.fromkeys(user_key(item) for item in body.ids)))
        return GetPresencesByUserIdResponse(
            value=[item if item.id == caller else as_seen_by_others(item) for item in found]
        )

    # Writes: each is one store transaction on the user's current presence, so concurrent writes to other
    # fields of the same presence (SetOofStatus over SOAP, say) are kept.

    @staticmethod
    def _may_write(user_id: str, context: GraphContext) -> str:
        """The user the write is for, as the store knows it; a 403 if the caller may not write it."""
        caller, scopes = _caller(context)
        user_id = user_key(user_id)
        if user_id != caller and WRITE_OTHERS not in scopes:
            raise GraphError(403, "Forbidden", "Cannot set the presence of another user.")
        return user_id

    @staticmethod
    def _no_presence(user_id: str) -> GraphError:
        return GraphError(404, "itemNotFound", f"User {user_id} has no presence.")

    async def users_presence_set_status_message(
        self, user_id: str, body: SetStatusMessageRequest, context: GraphContext
    ) -> None:
        user_id = self._may_write(user_id, context)
        message = _declared_only(body, "SetStatusMessageRequest").status_message
        if message is None:
            raise GraphError(400, "BadRequest", "statusMessage is required.")
        content_type = message.message.content_type if message.message else None
        if content_type not in (None, BodyType.TEXT):
            raise GraphError(400, "BadRequest", "Only the text content type is supported.")
        if message.expiry_date_time is not None and not _LOCAL_DATE_TIME.fullmatch(
            message.expiry_date_time.date_time
        ):
            raise GraphError(
                400,
                "BadRequest",
                "expiryDateTime.dateTime must be a date and time without a zone offset"
                " (2022-10-18T17:05:33.2079781).",
            )
        new_message = dataclasses.replace(message, published_date_time=datetime.datetime.now(datetime.UTC))

        def change(presence: Presence) -> Presence:
            return dataclasses.replace(presence, status_message=new_message)

        if await self.store.update_presence(user_id, change) is None:
            raise self._no_presence(user_id)

    async def me_presence_set_status_message(
        self, body: SetStatusMessageRequest, context: GraphContext
    ) -> None:
        await self.users_presence_set_status_message(_caller(context)[0], body, context)

    async def users_presence_set_presence(
        self, user_id: str, body: SetPresenceRequest, context: GraphContext
    ) -> None:
        user_id = self._may_write(user_id, context)
        body = _declared_only(body, "SetPresenceRequest")
        if not body.session_id:
            raise GraphError(400, "BadRequest", "sessionId is required: the ID of the application.")
        _supported(body.availability, body.activity, SESSION_STATES)
        lasts = body.expiration_duration or SHORTEST_SESSION
        if not SHORTEST_SESSION <= lasts <= LONGEST_SESSION:
            raise GraphError(400, "BadRequest", "expirationDuration must be between PT5M and PT4H.")
        added = await self.store.add_session(
            user_id, body.session_id or "", body.availability, body.activity, lasts
        )
        if not added:
            raise self._no_presence(user_id)

    async def me_presence_set_presence(self, body: SetPresenceRequest, context: GraphContext) -> None:
        await self.users_presence_set_presence(_caller(context)[0], body, context)

    async def users_presence_clear_presence(
        self, user_id: str, body: ClearPresenceRequest, context: GraphContext
    ) -> None:
        user_id = self._may_write(user_id, context)
        body = _declared_only(body, "ClearPresenceRequest")
        if not body.session_id:
            raise GraphError(400, "BadRequest", "sessionId is required: the ID of the application.")
        if not await self.store.remove_session(user_id, body.session_id):
            raise GraphError(404, "NotFound", f"No presence session {body.session_id!r} for this user.")

    async def me_presence_clear_presence(self, body: ClearPresenceRequest, context: GraphContext) -> None:
        await self.users_presence_clear_presence(_caller(context)[0], body, context)

    async def users_presence_set_user_preferred_presence(
        self, user_id: str, body: SetUserPreferredPresenceRequest, context: GraphContext
    ) -> None:
        user_id = self._may_write(user_id, context)
        body = _declared_only(body, "SetUserPreferredPresenceRequest")
        _supported(body.availability, body.activity, PREFERRED_STATES)
        if not await self.store.set_preferred(user_id, body.availability, body.activity):
            raise self._no_presence(user_id)

    async def me_presence_set_user_preferred_presence(
        self, body: SetUserPreferredPresenceRequest, context: GraphContext
    ) -> None:
        await self.users_presence_set_user_preferred_presence(_caller(context)[0], body, context)

    async def users_presence_clear_user_preferred_presence(self, user_id: str, context: GraphContext) -> None:
        user_id = self._may_write(user_id, context)
        if not await self.store.set_preferred(user_id, None, None):
            raise self._no_presence(user_id)

    async def me_presence_clear_user_preferred_presence(self, context: GraphContext) -> None:
        await self.users_presence_clear_user_preferred_presence(_caller(context)[0], context)


_LOCAL_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?")
"""`dateTimeTimeZone.dateTime`: a date and time without an offset (the zone is `timeZone`)."""

SESSION_STATES = frozenset(
    {("Available", "Available"), ("Busy", "InACall"), ("Busy", "InAConferenceCall"), ("Away", "Away")}
)
"""The availability and activity pairs `setPresence` supports (its docs)."""
PREFERRED_STATES = frozenset(
    {
        ("Available", "Available"),
        ("Busy", "Busy"),
        ("DoNotDisturb", "DoNotDisturb"),
        ("BeRightBack", "BeRightBack"),
        ("Away", "Away"),
        ("Offline", "OffWork"),
    }
)
"""The pairs `setUserPreferredPresence` supports (its docs)."""


def _supported(availability: str, activity: str, pairs: frozenset[tuple[str, str]]) -> None:
    if (availability, activity) not in pairs:
        listed = ", ".join(f"{first}/{second}" for first, second in sorted(pairs))
        raise GraphError(400, "BadRequest", f"{availability}/{activity} is not supported: one of {listed}.")


Body = TypeVar("Body")


def _declared_only(value: Body, path: str) -> Body:
    """`value` with the instance annotations clients may send (`@odata.type`...) dropped, never stored; a
    400 for a property its type does not declare (it was stored, and served to every reader)."""
    extra: dict[str, object] | None = getattr(value, "additional_data", None)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, object] = {}
    if extra:
        unknown = [key for key in extra if not key.startswith("@")]
        if unknown:
            raise GraphError(400, "BadRequest", f"{path} has no property '{unknown[0]}'.")
        changes["additional_data"] = {}
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        if field.name != "additional_data" and dataclasses.is_dataclass(item):
            kept = _declared_only(item, f"{path}.{field.name}")
            if kept is not item:
                changes[field.name] = kept
    return dataclasses.replace(value, **changes) if changes else value
