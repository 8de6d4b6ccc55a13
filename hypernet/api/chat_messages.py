"""HTTP handlers for /v1/chat/messages and /v1/chat/conversations: parse, validate, call
ChatMessageMapper, encode."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_sent_at, decode_cursor, decode_key, page_of
from hypernet.api.problems import invalid
from hypernet.domain.chat_messages import (
    ChatConversation,
    ChatMessage,
    ChatMessageCreate,
    ChatMessageImport,
    ChatMessageListQuery,
    ChatMessagePatch,
    ConversationListQuery,
    ConversationMessagesQuery,
)
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.mappers.chat_messages import ChatMessageMapper

# The key a conversation page's cursor holds: (latest_sent_at, conversation_id, platform).
ConversationKey = tuple[datetime, str, str]


def by_latest(conversation: ChatConversation) -> tuple[datetime, str, str]:
    return conversation.latest_sent_at, conversation.conversation_id, conversation.platform


def _conversation_id(request: web.Request) -> str:
    raw = request.match_info["conversation_id"]
    if not 1 <= len(raw) <= 500 or "\x00" in raw:
        raise invalid(
            "conversation_id",
            "not a conversation key",
            "conversation_id in the path must be 1 to 500 characters without NUL",
            status=400,
        )
    return raw


async def list_chat_messages(request: web.Request) -> web.Response:
    q = read_query(request, ChatMessageListQuery)
    rows = await ChatMessageMapper(db(request)).list_live(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, by_sent_at))


async def list_conversation_messages(request: web.Request) -> web.Response:
    conversation_id = _conversation_id(request)
    q = read_query(request, ConversationMessagesQuery)
    mapper = ChatMessageMapper(db(request))
    caller = user_id(request)
    rows = await mapper.list_of_conversation(
        caller, conversation_id, q.platform, limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    # An empty page is a conversation the caller does not have (someone else's, or one whose
    # messages are all in the trash), unless it is a page past the end of one they do have.
    if not rows and not await mapper.conversation_exists(caller, conversation_id, q.platform):
        raise NotFound(conversation_id)
    return json_response(page_of(rows, q.limit, by_sent_at))


async def list_chat_conversations(request: web.Request) -> web.Response:
    q = read_query(request, ConversationListQuery)
    key = decode_key(q.cursor, ConversationKey)
    rows = await ChatMessageMapper(db(request)).list_conversations(
        user_id(request), limit=q.limit + 1, after=(None, None, None) if key is None else key
    )
    return json_response(page_of(rows, q.limit, by_latest))


async def import_chat_messages(request: web.Request) -> web.Response:
    items = await read_json(request, ChatMessageImport)
    result = await ChatMessageMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


CHAT_MESSAGES = Lifecycle(
    path="/v1/chat/messages",
    tag="chat",
    noun="chat_message",
    mapper=ChatMessageMapper,
    item=ChatMessage,
    create=ChatMessageCreate,
    patch=ChatMessagePatch,
    summaries={
        "create": "Store a chat message",
        "trash": "List soft-deleted chat messages",
        "get": "Fetch one chat message",
        "update": "Change the text, edit time, reply or metadata of a chat message",
        "delete": "Move a chat message to the trash",
        "restore": "Restore a chat message from the trash",
    },
    # A source_integration_id or reply_to_message_id that is not the caller's (404); an import
    # key already live (409).
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/chat/messages", list_chat_messages,
          "List live chat messages across conversations, newest first", "chat",
          query=ChatMessageListQuery, response=Page[ChatMessage], errors=(400, 401, 422)),
    *lifecycle_routes(CHAT_MESSAGES),
    Route("POST", "/v1/chat/messages/import", import_chat_messages,
          "Import a batch of up to 1,000 chat messages idempotently", "chat",
          body=ChatMessageImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
    Route("GET", "/v1/chat/conversations", list_chat_conversations,
          "List conversations, the one with the newest message first", "chat",
          query=ConversationListQuery, response=Page[ChatConversation],
          errors=(400, 401, 422)),
    Route("GET", "/v1/chat/conversations/{conversation_id}/messages",
          list_conversation_messages, "List a conversation's messages in the order sent", "chat",
          query=ConversationMessagesQuery, response=Page[ChatMessage],
          errors=(400, 401, 404, 422)),
]
# fmt: on
