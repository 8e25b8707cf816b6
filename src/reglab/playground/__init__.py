"""The playground: the tutorial as an interactive page, trained by reglab's own engine.

``reglab playground`` serves it (:mod:`reglab.cli.playground`); :func:`create_app` in
:mod:`reglab.playground.app` builds the FastAPI application. It needs the optional extra
``pip install 'reglab[playground]'`` (FastAPI, uvicorn, websockets); this package's
``__init__`` imports none of them.
"""
