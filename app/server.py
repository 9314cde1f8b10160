"""Serving the app: one uvicorn process, or a gunicorn master with uvicorn workers.

With more than one worker the master builds the app once and then forks the workers, so the
code, templates and questionnaires they all read stay in memory shared by the processes
(copy-on-write) instead of being loaded again by each. Each worker opens its own database
connections (see the lifespan in app.main), and a busy worker hands kept-alive connections to a
quieter one (app.worker_load).
"""

import os
from typing import Any

from fastapi import FastAPI

from app.worker_load import HandOverMiddleware, LoadBoard, free_slot


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

    app = create_app()
    # Twice the slots: a reload (HUP) starts the new workers before it stops the old ones.
    board = LoadBoard(2 * workers)
    app.add_middleware(HandOverMiddleware, board=board)
    _preforking_server(
        app,
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
            **_load_board_hooks(board),
        },
    ).run()


def _load_board_hooks(board: LoadBoard) -> dict[str, Any]:
    """Gunicorn hooks giving each worker its own slot on the board (see app.worker_load): the
    master picks a free slot before it forks, the new worker claims it, and the master frees it
    when the worker exits, for the worker that replaces it."""

    def pre_fork(server: Any, worker: Any) -> None:
        taken = {getattr(w, "load_slot", None) for w in server.WORKERS.values()}
        worker.load_slot = free_slot(board, taken)

    def post_fork(server: Any, worker: Any) -> None:
        if worker.load_slot is not None:
            board.claim(worker.load_slot)

    def child_exit(server: Any, worker: Any) -> None:
        if getattr(worker, "load_slot", None) is not None:
            board.release(worker.load_slot)

    return {"pre_fork": pre_fork, "post_fork": post_fork, "child_exit": child_exit}


def _preforking_server(app: FastAPI, options: dict[str, Any]) -> Any:
    from gunicorn.app.base import BaseApplication

    class PreforkingServer(BaseApplication):
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> FastAPI:
            return app

    return PreforkingServer()
