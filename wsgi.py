"""WSGI entry point: gunicorn wsgi:app, or flask --app wsgi COMMAND."""

from shared.app import create_app

app = create_app()
