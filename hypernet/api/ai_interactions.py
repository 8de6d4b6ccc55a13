"""HTTP handlers for /v1/ai/interactions and /v1/ai/usage: parse, validate, call
AiInteractionMapper, encode."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_created, decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.ai_interactions import (
    AiInteraction,
    AiInteractionCreate,
    AiInteractionImport,
    AiInteractionListQuery,
    AiInteractionPatch,
    AiUsage,
    AiUsageQuery,
)
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.mappers.ai_interactions import AiInteractionFilter, AiInteractionMapper


async def list_ai_interactions(request: web.Request) -> web.Response:
    q = read_query(request, AiInteractionListQuery)
    if q.conversation_id is not None and q.model is not None:
        raise invalid(
            "model", "use on its own", "conversation_id and model cannot be combined", where="query"
        )
    rows = await AiInteractionMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        where=AiInteractionFilter(conversation_id=q.conversation_id, model=q.model),
    )
    return json_response(page_of(rows, q.limit, by_created))


async def ai_usage(request: web.Request) -> web.Response:
    q = read_query(request, AiUsageQuery)
    if q.to <= q.from_:
        raise invalid("to", "must be after from", where="query")
    models = await AiInteractionMapper(db(request)).usage(user_id(request), q.from_, q.to)
    return json_response(AiUsage(from_=q.from_, to=q.to, models=models))


async def import_ai_interactions(request: web.Request) -> web.Response:
    items = await read_json(request, AiInteractionImport)
    result = await AiInteractionMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


AI_INTERACTIONS = Lifecycle(
    path="/v1/ai/interactions",
    tag="ai",
    noun="ai_interaction",
    mapper=AiInteractionMapper,
    item=AiInteraction,
    create=AiInteractionCreate,
    patch=AiInteractionPatch,
    summaries={
        "create": "Store an AI interaction",
        "trash": "List soft-deleted AI interactions",
        "get": "Fetch one AI interaction",
        "update": "Change fields of an AI interaction",
        "delete": "Move an AI interaction to the trash",
        "restore": "Restore an AI interaction from the trash",
    },
    # A source_integration_id that is not the caller's (404); an import key already live (409).
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/ai/interactions", list_ai_interactions,
          "List live AI interactions, newest first, of one conversation or model or all", "ai",
          query=AiInteractionListQuery, response=Page[AiInteraction], errors=(400, 401, 422)),
    *lifecycle_routes(AI_INTERACTIONS),
    Route("POST", "/v1/ai/interactions/import", import_ai_interactions,
          "Import a batch of up to 1,000 AI interactions idempotently", "ai",
          body=AiInteractionImport, response=ImportResult,
          errors=(400, 401, 404, 413, 422)),
    Route("GET", "/v1/ai/usage", ai_usage,
          "Tokens and cost per model and currency over a time window", "ai",
          query=AiUsageQuery, response=AiUsage, errors=(400, 401, 422)),
]
# fmt: on
