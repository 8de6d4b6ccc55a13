"""Net CPU per request of the HTTP-side instrumentation: observe_middleware with its access line,
against aiohttp's access logger it replaces, both writing text lines to /dev/null."""
import asyncio, logging, time, sys
from aiohttp import web
from aiohttp.web_log import AccessLogger
from aiohttp.test_utils import make_mocked_request
from hypernet.core.logs import TEXT_FORMAT, JsonFormatter
from hypernet.api.observability import observe_middleware
from hypernet.api.keys import REQUEST_ID
from hypernet.db import instrumented
from hypernet.db.queries import query

fmt = sys.argv[1]
sink = open("/dev/null", "w")
handler = logging.StreamHandler(sink)
handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
for name in ("hypernet.access", "aiohttp.access"):
    lg = logging.getLogger(name); lg.propagate = False; lg.addHandler(handler); lg.setLevel(logging.INFO)
aio = AccessLogger(logging.getLogger("aiohttp.access"), '%a "%r" %s %b %Tfs rid=%{X-Request-Id}o')

async def main():
    app = web.Application()
    async def h(request):
        r = web.Response(body=b"{}"); r.headers["X-Request-Id"] = "x"; return r
    app.router.add_get("/v1/media/{id}", h)
    req = make_mocked_request("GET", "/v1/media/abc", app=app)
    req._match_info = await app.router.resolve(req)
    req[REQUEST_ID] = "x"
    n = 30_000
    res = {}
    for rnd in range(3):
        t = time.process_time()
        for _ in range(n):
            aio.log(req, await h(req), 0.001)
        res.setdefault("before", []).append((time.process_time() - t) / n * 1e6)
        t = time.process_time()
        for _ in range(n):
            await observe_middleware(req, h)
        res.setdefault("after", []).append((time.process_time() - t) / n * 1e6)
    return {k: min(v) for k, v in res.items()}

r = asyncio.run(main())
print(f"{fmt}: handler + aiohttp access line {r['before']:.1f} us; handler + observe_middleware with its access line {r['after']:.1f} us; net {r['after']-r['before']:+.1f} us")
sql = query("media/get_live").sql
N = 200_000
best = []
for _ in range(3):
    t = time.process_time()
    for _ in range(N):
        named = instrumented._named_query(sql); started = time.perf_counter(); instrumented._finish(named, started, False)
    best.append((time.process_time() - t) / N * 1e6)
print(f"per named query: {min(best):.2f} us")
