# Runs moto's server application with one request at a time (see moto.go: moto's
# DynamoDB transactions are not isolated between threads). Connections are still
# accepted on many threads, so keep-alive clients do not block each other.
# Usage: python -c "$(cat serialize.py)" HOST PORT. Exit status 3: moto missing.
import sys
import threading

try:
    from werkzeug.serving import run_simple
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
except ImportError:
    sys.exit(3)

app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()


def serialized(environ, start_response):
    with lock:
        return list(app(environ, start_response))


run_simple(sys.argv[1], int(sys.argv[2]), serialized, threaded=True)
