"""Serving the app: one uvicorn process, or a gunicorn master with uvicorn workers.

With more than one worker the master builds the app once and then forks the workers, so the
code, templates and questionnaires they all read stay in memory shared by the processes
(copy-on-write) instead of being loaded again by each. Each worker opens its own database
connections (see the lifespan in app.main).
"""

import os
from typing import Any

from fastapi import FastAPI


def serve(host: str, port: int, workers: int) -> None:
    if workers <= 1:
        import uvicorn

        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=host,
            port=port,
            proxy_headers=True,
            log_level="info",
        )
        return
    from app.main import create_app

    _preforking_server(
        create_app(),
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "uvicorn_worker.UvicornWorker",
            "preload_app": True,
            "accesslog": "-",
            "errorlog": "-",
            # The same as uvicorn's --proxy-headers default: trust X-Forwarded-* from the
            # proxy on this machine only, unless FORWARDED_ALLOW_IPS names the proxy.
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            # A worker that does not answer the master for this long is restarted.
            "timeout": 60,
            "graceful_timeout": 20,
            "control_socket_disable": True,
        },
    ).run()


def _preforking_server(app: FastAPI, options: dict[str, Any]) -> Any:
    from gunicorn.app.base import BaseApplication

    class PreforkingServer(BaseApplication):
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> FastAPI:
            return app

    return PreforkingServer()
