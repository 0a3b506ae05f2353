"""The Exchange UM side: `um_service.server` operations on the same store. SetOofStatus is the Out of Office
switch that the Graph presence shows as `outOfOfficeSettings.isOutOfOffice`."""

from __future__ import annotations

import dataclasses

from graph_presence import OutOfOfficeSettings, Presence
from um_service import (
    Disconnect,
    DisconnectResponse,
    GetCallInfo,
    GetCallInfoResponse,
    GetUMProperties,
    GetUMPropertiesResponse,
    IsUMEnabled,
    IsUMEnabledResponse,
    PlayOnPhone,
    PlayOnPhoneGreeting,
    PlayOnPhoneGreetingResponse,
    PlayOnPhoneResponse,
    ResetPIN,
    ResetPINResponse,
    SetMissedCallNotificationEnabled,
    SetMissedCallNotificationEnabledResponse,
    SetOofStatus,
    SetOofStatusResponse,
    SetPlayOnPhoneDialString,
    SetPlayOnPhoneDialStringResponse,
    SetTelephoneAccessFolderEmail,
    SetTelephoneAccessFolderEmailResponse,
    SoapFault,
    UMCallInfo,
    UMCallState,
    UMEventCause,
    UMProperties,
)
from um_service.server import RequestContext, UMServiceBase

from .store import Store


def _user(context: RequestContext) -> str:
    if not isinstance(context.principal, str):
        raise SoapFault("Client", "authentication required")
    return context.principal


class UnifiedMessaging(UMServiceBase):
    def __init__(self, store: Store) -> None:
        self.store = store

    async def is_um_enabled(self, request: IsUMEnabled, context: RequestContext) -> IsUMEnabledResponse:
        _user(context)
        return IsUMEnabledResponse(is_um_enabled_response=True)

    async def get_um_properties(
        self, request: GetUMProperties, context: RequestContext
    ) -> GetUMPropertiesResponse:
        user = _user(context)
        presence = await self.store.presence(user)
        oof = presence.out_of_office_settings if presence else None
        settings = await self.store.um_settings(user)
        return GetUMPropertiesResponse(
            get_um_properties_response=UMProperties(
                oof_status=bool(oof and oof.is_out_of_office),
                missed_call_notification_enabled=settings.missed_call_notifications,
                play_on_phone_dial_string=settings.dial_string,
                telephone_access_numbers=settings.access_numbers,
                telephone_access_folder_email=settings.access_folder,
            )
        )

    async def set_oof_status(self, request: SetOofStatus, context: RequestContext) -> SetOofStatusResponse:
        user = _user(context)

        def change(presence: Presence) -> Presence:
            settings = presence.out_of_office_settings or OutOfOfficeSettings()
            updated = dataclasses.replace(settings, is_out_of_office=request.status)
            return dataclasses.replace(presence, out_of_office_settings=updated)

        if await self.store.update_presence(user, change) is None:
            raise SoapFault("Client", f"no mailbox for user {user}")
        return SetOofStatusResponse()

    async def set_play_on_phone_dial_string(
        self, request: SetPlayOnPhoneDialString, context: RequestContext
    ) -> SetPlayOnPhoneDialStringResponse:
        await self.store.update_um_settings(_user(context), dial_string=request.dial_string)
        return SetPlayOnPhoneDialStringResponse()

    async def set_telephone_access_folder_email(
        self, request: SetTelephoneAccessFolderEmail, context: RequestContext
    ) -> SetTelephoneAccessFolderEmailResponse:
        await self.store.update_um_settings(_user(context), access_folder=request.base64_folder_id)
        return SetTelephoneAccessFolderEmailResponse()

    async def set_missed_call_notification_enabled(
        self, request: SetMissedCallNotificationEnabled, context: RequestContext
    ) -> SetMissedCallNotificationEnabledResponse:
        await self.store.update_um_settings(_user(context), missed_call_notifications=request.status)
        return SetMissedCallNotificationEnabledResponse()

    async def reset_pin(self, request: ResetPIN, context: RequestContext) -> ResetPINResponse:
        _user(context)
        return ResetPINResponse()

    async def play_on_phone(self, request: PlayOnPhone, context: RequestContext) -> PlayOnPhoneResponse:
        return PlayOnPhoneResponse(play_on_phone_response=await self.store.start_call(_user(context)))

    async def play_on_phone_greeting(
        self, request: PlayOnPhoneGreeting, context: RequestContext
    ) -> PlayOnPhoneGreetingResponse:
        return PlayOnPhoneGreetingResponse(
            play_on_phone_greeting_response=await self.store.start_call(_user(context))
        )

    async def get_call_info(self, request: GetCallInfo, context: RequestContext) -> GetCallInfoResponse:
        state = await self.store.call_state(_user(context), request.call_id)
        if state is None:
            raise SoapFault("Client", f"no call {request.call_id!r}")
        return GetCallInfoResponse(
            get_call_info_response=UMCallInfo(call_state=UMCallState(state), event_cause=UMEventCause.NONE)
        )

    async def disconnect(self, request: Disconnect, context: RequestContext) -> DisconnectResponse:
        if not await self.store.end_call(_user(context), request.call_id):
            raise SoapFault("Client", f"no call {request.call_id!r}")
        return DisconnectResponse()
