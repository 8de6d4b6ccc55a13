"""One user can never read or change another's data: user B walks every route of /openapi.json
with user A's ids. A route with an object in its path answers 404 (exactly like a missing id);
a route without one must not show B anything of A's. Afterwards every object of A is unchanged.
Routes added later are covered automatically: a path parameter or a write body this test does not
know fails the test until a row is added to the tables below."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient

from tests.conftest import register_and_login
from tests.test_ai_interactions_api import interaction
from tests.test_albums_api import add, create_album
from tests.test_chat_messages_api import message as chat_message
from tests.test_emails_api import create as create_email
from tests.test_emails_api import message
from tests.test_health_records_api import record as health_record
from tests.test_locations_api import at as minutes_later
from tests.test_locations_api import point
from tests.test_media_api import create as create_media
from tests.test_media_api import photo
from tests.test_social_accounts_api import account
from tests.test_social_posts_api import post
from tests.test_transactions_api import transaction

Client = TestClient[Any, Any]

# A GET route whose answer depends on query parameters it cannot go without: what B sends (here,
# words in nearly every object of A's, which A's own search finds: see the snapshot).
QUERY_OF_PATH: dict[str, dict[str, str]] = {
    "/v1/search": {"q": "a or friend or lease or meeting or note or task", "limit": "200"},
}

# Which of A's objects a path prefix names, by the parameter's name.
OBJECT_OF_PATH: list[tuple[str, str, str]] = [
    ("/v1/media/", "id", "media"),
    ("/v1/albums/", "id", "album"),
    ("/v1/albums/", "media_id", "media"),
    ("/v1/links/", "id", "link"),
    ("/v1/integrations/", "id", "integration"),
    ("/v1/web/pages/", "id", "web_page"),
    ("/v1/bookmarks/", "id", "bookmark"),
    ("/v1/emails/threads/", "thread_id", "email_thread"),
    ("/v1/emails/", "id", "email"),
    ("/v1/chat/messages/", "id", "chat/message"),
    ("/v1/chat/conversations/", "conversation_id", "chat/conversation"),
    ("/v1/ai/interactions/", "id", "ai/interaction"),
    ("/v1/social/accounts/", "id", "social_account"),
    ("/v1/social/posts/", "id", "social_post"),
    ("/v1/contacts/", "id", "contact"),
    ("/v1/notifications/", "id", "notification"),
    ("/v1/profile/attributes/", "id", "profile_attribute"),
    ("/v1/devices/", "id", "device"),
    ("/v1/transactions/", "id", "transaction"),
    ("/v1/notes/", "id", "note"),
    ("/v1/documents/", "id", "document"),
    ("/v1/projects/", "id", "project"),
    ("/v1/tasks/", "id", "task"),
    ("/v1/calendar/events/", "id", "calendar_event"),
    ("/v1/locations/", "id", "location"),
    ("/v1/health/records/", "id", "health_record"),
    ("/v1/objects/", "id", "media"),
]
# Path parameters that name no object but a kind of thing: filled with a constant.
PATH_CONSTANTS = {"object_type": "media"}

# A body that would be valid for A, so B's request gets past validation to the ownership check.
# `{kind}` placeholders are replaced by A's ids.
BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/v1/media"): photo(),
    ("POST", "/v1/media/import"): [
        photo(source_platform="gp", source_object_id="b-1", source_integration_id="{integration}")
    ],
    ("PATCH", "/v1/media/{id}"): {"filename": "taken-over.jpg"},
    ("POST", "/v1/albums"): {"name": "B's album", "cover_media_id": "{media}"},
    ("PATCH", "/v1/albums/{id}"): {"name": "taken over"},
    ("POST", "/v1/albums/{id}/media"): {"media_ids": ["{media}"]},
    ("PUT", "/v1/albums/{id}/media/order"): {"media_ids": ["{media}"]},
    ("POST", "/v1/links"): {
        "from_type": "media",
        "from_id": "{media}",
        "to_type": "album",
        "to_id": "{album}",
        "link_type": "mentions",
    },
    ("POST", "/v1/integrations"): {"integration_type": "google_photos", "display_name": "B's"},
    ("PATCH", "/v1/integrations/{id}"): {"display_name": "taken over"},
    ("PUT", "/v1/integrations/{id}/secrets"): {
        "access_token": "b-token",
        "refresh_token": "b-refresh",
    },
    ("PATCH", "/v1/me"): {"display_name": "B again"},
    ("POST", "/v1/web/pages"): {
        "url": "https://example.com/b",
        "source_integration_id": "{integration}",
    },
    ("POST", "/v1/web/pages/import"): [
        {"url": "https://example.com/b-import", "source_integration_id": "{integration}"}
    ],
    ("PATCH", "/v1/web/pages/{id}"): {"reading_state": "read"},
    ("POST", "/v1/bookmarks"): {"url": "https://example.com/b", "web_page_id": "{web_page}"},
    ("POST", "/v1/bookmarks/import"): [
        {"url": "https://example.com/b-import", "web_page_id": "{web_page}"}
    ],
    ("PATCH", "/v1/bookmarks/{id}"): {"web_page_id": "{web_page}"},
    ("POST", "/v1/emails"): message(
        message_id="<b-1@example.com>", source_integration_id="{integration}"
    ),
    ("POST", "/v1/emails/import"): [
        message(message_id="<b-2@example.com>", source_integration_id="{integration}")
    ],
    ("PATCH", "/v1/emails/{id}"): {"is_read": True, "labels": ["taken-over"]},
    ("POST", "/v1/emails/mark-read"): {"ids": ["{email}"], "is_read": True},
    ("POST", "/v1/chat/messages"): chat_message(source_integration_id="{integration}"),
    ("POST", "/v1/chat/messages/import"): [
        chat_message(
            source_platform="whatsapp",
            source_object_id="b-1",
            source_integration_id="{integration}",
        )
    ],
    ("PATCH", "/v1/chat/messages/{id}"): {"text": "taken over"},
    ("POST", "/v1/ai/interactions"): interaction(source_integration_id="{integration}"),
    ("POST", "/v1/ai/interactions/import"): [
        interaction(
            source_platform="openai", source_object_id="b-1", source_integration_id="{integration}"
        )
    ],
    ("PATCH", "/v1/ai/interactions/{id}"): {"model": "taken-over"},
    ("POST", "/v1/social/accounts"): account(handle="b-handle"),
    ("POST", "/v1/social/accounts/import"): [
        account(handle="b-import", source_platform="twitter", source_object_id="b-1")
    ],
    ("PATCH", "/v1/social/accounts/{id}"): {"handle": "taken-over"},
    ("POST", "/v1/social/posts"): post("{social_account}", reply_to_post_id="{social_post}"),
    ("POST", "/v1/social/posts/import"): [post("{social_account}")],
    ("PATCH", "/v1/social/posts/{id}"): {"text": "taken over"},
    ("POST", "/v1/contacts"): {
        "display_name": "B's friend",
        "emails": [{"value": "b@example.com"}],
    },
    ("POST", "/v1/contacts/import"): [
        {
            "display_name": "B's import",
            "source_platform": "google_contacts",
            "source_object_id": "1",
        }
    ],
    ("PATCH", "/v1/contacts/{id}"): {"display_name": "taken over", "emails": []},
    ("POST", "/v1/notifications"): {
        "kind": "album.shared",
        "title": "B's news",
        # Not one of A's ids: the object a notification names is not checked (plain columns).
        "object_type": "album",
        "object_id": "00000000-0000-4000-8000-000000000000",
    },
    ("POST", "/v1/notifications/import"): [
        {
            "kind": "github.mention",
            "title": "B",
            "source_platform": "github",
            "source_object_id": "1",
        }
    ],
    ("PATCH", "/v1/notifications/{id}"): {"is_read": True},
    ("POST", "/v1/profile/attributes"): {
        "key": "locale",
        "value": "b",
        "source_integration_id": "{integration}",
    },
    ("POST", "/v1/profile/attributes/import"): [
        {"key": "locale", "value": "b", "source_integration_id": "{integration}"}
    ],
    ("PATCH", "/v1/profile/attributes/{id}"): {"value": "taken over"},
    ("POST", "/v1/devices"): {
        "name": "B's phone",
        "device_type": "phone",
        "source_integration_id": "{integration}",
    },
    ("POST", "/v1/devices/import"): [
        {"name": "B's phone", "device_type": "phone", "source_integration_id": "{integration}"}
    ],
    ("PATCH", "/v1/devices/{id}"): {"last_seen_at": "2026-01-01T00:00:00Z"},
    ("POST", "/v1/transactions"): transaction(source_integration_id="{integration}"),
    ("POST", "/v1/transactions/import"): [
        transaction(
            source_platform="gocardless",
            source_object_id="b-1",
            source_integration_id="{integration}",
        )
    ],
    ("PATCH", "/v1/transactions/{id}"): {"amount": "1.00", "currency": "USD"},
    ("POST", "/v1/notes"): {"title": "B's note", "source_integration_id": "{integration}"},
    ("POST", "/v1/notes/import"): [
        {
            "body": "B",
            "source_integration_id": "{integration}",
            "source_platform": "evernote",
            "source_object_id": "b-1",
        }
    ],
    ("PATCH", "/v1/notes/{id}"): {"pinned": True, "body": "taken over"},
    ("POST", "/v1/documents"): {
        "title": "B's file",
        "file_path": "b.pdf",
        "mime_type": "application/pdf",
        "size": 1,
        "media_id": "{media}",
    },
    ("POST", "/v1/documents/import"): [
        {
            "title": "B's import",
            "file_path": "b.pdf",
            "mime_type": "application/pdf",
            "size": 1,
            "media_id": "{media}",
            "source_platform": "google_drive",
            "source_object_id": "b-1",
        }
    ],
    ("PATCH", "/v1/documents/{id}"): {"title": "taken over", "media_id": "{media}"},
    ("POST", "/v1/projects"): {"name": "B's", "source_integration_id": "{integration}"},
    ("POST", "/v1/projects/import"): [
        {
            "name": "B's import",
            "source_platform": "todoist",
            "source_object_id": "b-1",
            "source_integration_id": "{integration}",
        }
    ],
    ("PATCH", "/v1/projects/{id}"): {"name": "taken over", "status": "archived"},
    ("POST", "/v1/tasks"): {
        "title": "B's",
        "project_id": "{project}",
        "parent_task_id": "{task}",
    },
    ("POST", "/v1/tasks/import"): [
        {"title": "B's import", "project_id": "{project}", "parent_task_id": "{task}"}
    ],
    # A move under A's own subtask: 404 for B, never a 409 telling that it would close a cycle.
    ("PATCH", "/v1/tasks/{id}"): {"title": "taken over", "parent_task_id": "{subtask}"},
    ("POST", "/v1/calendar/events"): {
        "title": "B's meeting",
        "starts_at": "2026-03-20T09:00:00Z",
        "ends_at": "2026-03-20T10:00:00Z",
        "source_integration_id": "{integration}",
    },
    ("POST", "/v1/calendar/events/import"): [
        {
            "title": "B's import",
            "starts_at": "2026-03-20T09:00:00Z",
            "ends_at": "2026-03-20T10:00:00Z",
            "source_platform": "google_calendar",
            "source_object_id": "b-1",
            "source_integration_id": "{integration}",
        }
    ],
    ("PATCH", "/v1/calendar/events/{id}"): {"title": "taken over", "recurrence": None},
    ("POST", "/v1/locations"): point(),
    ("POST", "/v1/locations/import"): [point(recorded_at=minutes_later(1))],
    ("PATCH", "/v1/locations/{id}"): {"latitude": 1.0},
    ("POST", "/v1/health/records"): health_record(),
    ("POST", "/v1/health/records/import"): [
        health_record(source_platform="apple_health", source_object_id="b-1")
    ],
    ("PATCH", "/v1/health/records/{id}"): {"value": 99},
}
# Routes that act on the caller's own account or session, never on an object of someone else's.
OWN_ACCOUNT = {
    "/v1/auth/register",
    "/v1/auth/login",
    "/v1/auth/refresh",
    "/v1/auth/logout",
    "/v1/auth/logout-all",
    "/v1/me",
    # The caller's own export: test_account_data.py proves it holds nothing of anyone else's.
    "/v1/me/export",
}


async def objects_of_a(client: Client, a: dict[str, str]) -> dict[str, str]:
    media = (await create_media(client, a))["id"]
    other = (await create_media(client, a))["id"]
    album = await create_album(client, a, cover_media_id=media)
    await add(client, a, album["id"], [media, other])
    link = await client.post(
        "/v1/links",
        headers=a,
        json={
            "from_type": "media",
            "from_id": media,
            "to_type": "media",
            "to_id": other,
            "link_type": "variant_of",
        },
    )
    ids = {"media": media, "album": album["id"], "link": (await link.json())["id"]}
    integration = await client.post(
        "/v1/integrations", headers=a, json=BODIES[("POST", "/v1/integrations")]
    )
    assert integration.status == 201, await integration.text()
    ids["integration"] = (await integration.json())["id"]
    web_page = await client.post("/v1/web/pages", headers=a, json={"url": "https://a.example/"})
    assert web_page.status == 201, await web_page.text()
    ids["web_page"] = (await web_page.json())["id"]
    bookmark = await client.post(
        "/v1/bookmarks",
        headers=a,
        json={"url": "https://a.example/", "tags": ["a"], "web_page_id": ids["web_page"]},
    )
    assert bookmark.status == 201, await bookmark.text()
    ids["bookmark"] = (await bookmark.json())["id"]
    email = await create_email(client, a)
    ids["email"] = email["id"]
    ids["email_thread"] = email["thread_id"]
    chat = await client.post(
        "/v1/chat/messages", headers=a, json=chat_message(conversation_id="a-chat")
    )
    assert chat.status == 201, await chat.text()
    ids["chat/message"] = (await chat.json())["id"]
    ids["chat/conversation"] = "a-chat"
    ai = await client.post("/v1/ai/interactions", headers=a, json=interaction())
    assert ai.status == 201, await ai.text()
    ids["ai/interaction"] = (await ai.json())["id"]
    social_account = await client.post("/v1/social/accounts", headers=a, json=account())
    assert social_account.status == 201, await social_account.text()
    ids["social_account"] = (await social_account.json())["id"]
    social_post = await client.post("/v1/social/posts", headers=a, json=post(ids["social_account"]))
    assert social_post.status == 201, await social_post.text()
    ids["social_post"] = (await social_post.json())["id"]
    contact = await client.post(
        "/v1/contacts",
        headers=a,
        json={"display_name": "A's friend", "emails": [{"value": "friend@example.com"}]},
    )
    assert contact.status == 201, await contact.text()
    ids["contact"] = (await contact.json())["id"]
    notification = await client.post(
        "/v1/notifications", headers=a, json={"kind": "sync.finished", "title": "A's news"}
    )
    assert notification.status == 201, await notification.text()
    ids["notification"] = (await notification.json())["id"]
    attribute = await client.post(
        "/v1/profile/attributes", headers=a, json={"key": "locale", "value": "en-GB"}
    )
    assert attribute.status == 201, await attribute.text()
    ids["profile_attribute"] = (await attribute.json())["id"]
    device = await client.post(
        "/v1/devices",
        headers=a,
        json={"name": "A's phone", "device_type": "phone", "identifiers": {"serial": "A1"}},
    )
    assert device.status == 201, await device.text()
    ids["device"] = (await device.json())["id"]
    money = await client.post("/v1/transactions", headers=a, json=transaction())
    assert money.status == 201, await money.text()
    ids["transaction"] = (await money.json())["id"]
    note = await client.post("/v1/notes", headers=a, json={"title": "A's note", "pinned": True})
    assert note.status == 201, await note.text()
    ids["note"] = (await note.json())["id"]
    doc = await client.post(
        "/v1/documents",
        headers=a,
        json={
            "title": "A's lease",
            "file_path": "a/lease.pdf",
            "mime_type": "application/pdf",
            "size": 1000,
            "text_content": "A's secret terms",
            "media_id": media,
        },
    )
    assert doc.status == 201, await doc.text()
    ids["document"] = (await doc.json())["id"]
    project = await client.post("/v1/projects", headers=a, json={"name": "A's project"})
    assert project.status == 201, await project.text()
    ids["project"] = (await project.json())["id"]
    task = await client.post(
        "/v1/tasks", headers=a, json={"title": "A's task", "project_id": ids["project"]}
    )
    assert task.status == 201, await task.text()
    ids["task"] = (await task.json())["id"]
    subtask = await client.post(
        "/v1/tasks", headers=a, json={"title": "A's subtask", "parent_task_id": ids["task"]}
    )
    assert subtask.status == 201, await subtask.text()
    ids["subtask"] = (await subtask.json())["id"]
    calendar_event = await client.post(
        "/v1/calendar/events",
        headers=a,
        json={
            "title": "A's meeting",
            "starts_at": "2026-03-20T09:00:00Z",
            "ends_at": "2026-03-20T10:00:00Z",
            "time_zone": "Europe/Berlin",
            "recurrence": "FREQ=WEEKLY",
        },
    )
    assert calendar_event.status == 201, await calendar_event.text()
    ids["calendar_event"] = (await calendar_event.json())["id"]
    location = await client.post("/v1/locations", headers=a, json=point())
    assert location.status == 201, await location.text()
    ids["location"] = (await location.json())["id"]
    record = await client.post("/v1/health/records", headers=a, json=health_record())
    assert record.status == 201, await record.text()
    ids["health_record"] = (await record.json())["id"]
    return ids


async def snapshot(client: Client, a: dict[str, str], ids: dict[str, str]) -> list[Any]:
    """Everything A can see of its data, to compare before and after B's attempts."""
    urls = [
        "/v1/media?limit=200",
        "/v1/media/trash",
        "/v1/albums",
        "/v1/albums/trash",
        f"/v1/albums/{ids['album']}/media",
        f"/v1/links?from={ids['media']}",
        "/v1/emails",
        "/v1/emails/threads",
        "/v1/chat/messages",
        "/v1/chat/messages/trash",
        "/v1/chat/conversations",
        f"/v1/chat/conversations/{ids['chat/conversation']}/messages",
        "/v1/ai/interactions",
        "/v1/ai/interactions/trash",
        "/v1/social/accounts",
        "/v1/social/accounts/trash",
        "/v1/social/posts",
        "/v1/social/posts/trash",
        f"/v1/social/posts/{ids['social_post']}/replies",
        "/v1/contacts?email=friend@example.com",
        "/v1/notifications",
        "/v1/notifications/unread-count",
        "/v1/profile",
        "/v1/profile/attributes",
        "/v1/profile/attributes/trash",
        "/v1/devices",
        "/v1/devices/trash",
        "/v1/transactions",
        "/v1/transactions/trash",
        "/v1/transactions?category=groceries",
        "/v1/transactions?account_name=Checking",
        "/v1/transactions/summary?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z",
        "/v1/transactions/summary?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&by=category",
        "/v1/notes",
        "/v1/notes?archived=true",
        "/v1/notes/trash",
        "/v1/documents",
        "/v1/documents?order=title",
        "/v1/documents?mime_type=application/pdf",
        "/v1/documents/trash",
        "/v1/projects",
        "/v1/projects/trash",
        "/v1/tasks",
        "/v1/tasks/trash",
        "/v1/tasks/due",
        f"/v1/tasks?project_id={ids['project']}",
        f"/v1/tasks/{ids['task']}/subtree",
        "/v1/calendar/events",
        "/v1/calendar/events/trash",
        "/v1/calendar/occurrences?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z",
        f"/v1/locations?from={minutes_later(-60)}&to={minutes_later(60)}",
        "/v1/locations/latest",
        "/v1/locations/trash",
        "/v1/health/records",
        "/v1/health/records/trash",
        f"/v1/health/summary?type=heart_rate&from={minutes_later(-6000)}&to={minutes_later(60)}",
        "/v1/timeline",
        "/v1/timeline?types=stay,health_day",
        "/v1/search?" + urlencode(QUERY_OF_PATH["/v1/search"]),
    ]
    # The collection of each kind, where it is not the kind's plural; a chat conversation has
    # no URL of its own (its messages' is listed above).
    collection = {
        "media": "media",
        "web_page": "web/pages",
        "email_thread": "emails/threads",
        "social_account": "social/accounts",
        "social_post": "social/posts",
        "calendar_event": "calendar/events",
        "location": "locations",
        "health_record": "health/records",
        "profile_attribute": "profile/attributes",
        "subtask": "tasks",
    }
    urls += [
        f"/v1/{collection.get(kind, kind + 's')}/{oid}"
        for kind, oid in ids.items()
        if kind != "chat/conversation"
    ]
    state = []
    for url in urls:
        resp = await client.get(url, headers=a)
        state.append((url, resp.status, await resp.text()))
    return state


def fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return re.sub(r"{(\w+)}", lambda m: ids.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


async def test_user_b_cannot_reach_anything_of_user_a(client: Client) -> None:
    a = await register_and_login(client, "owner@example.com")
    b = await register_and_login(client, "intruder@example.com")
    ids = await objects_of_a(client, a)
    before = await snapshot(client, a, ids)
    searched = next(text for url, _, text in before if url.startswith("/v1/search?"))
    assert ids["note"] in searched and ids["task"] in searched, "A's search finds A's objects"
    doc = await (await client.get("/openapi.json")).json()
    tried = 0
    for path, operations in doc["paths"].items():
        for method in operations:
            method = method.upper()
            if path in OWN_ACCOUNT or path.startswith(("/health", "/openapi")):
                continue
            params = re.findall(r"{(\w+)}", path)
            url = path
            for name in params:
                if name in PATH_CONSTANTS:
                    url = url.replace("{" + name + "}", PATH_CONSTANTS[name])
                    continue
                kinds = [
                    k for prefix, p, k in OBJECT_OF_PATH if path.startswith(prefix) and p == name
                ]
                assert kinds, f"{method} {path}: add its {{{name}}} to OBJECT_OF_PATH"
                assert kinds[0] in ids, f"{method} {path}: no object of kind {kinds[0]} for A"
                url = url.replace("{" + name + "}", ids[kinds[0]])
            body = None
            if "requestBody" in operations[method.lower()]:
                assert (method, path) in BODIES, f"{method} {path}: add a valid body to BODIES"
                body = fill(BODIES[(method, path)], ids)
            query = QUERY_OF_PATH.get(path) if method == "GET" else None
            resp = await client.request(method, url, params=query, json=body, headers=b)
            text = await resp.text()
            tried += 1
            assert resp.status < 500, f"{method} {path}: {resp.status} {text}"
            documented = operations[method.lower()]["responses"]
            assert str(resp.status) in documented, f"{method} {path}: {resp.status} undocumented"
            if params or (method != "GET" and any(v in str(body) for v in ids.values())):
                assert resp.status == 404, f"{method} {url} as B: {resp.status} {text}"
            for oid in ids.values():
                assert oid not in text or oid in str(body), f"{method} {path} shows A's {oid}"
    assert tried >= 15
    assert await snapshot(client, a, ids) == before
