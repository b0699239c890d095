"""A Flask app that answers every GET with one file's bytes: what page_bench.py --http compares the plan page
with (the same gunicorn, the same bytes, no work). The file is named by SAME_BYTES_FILE."""
import os

from flask import Flask, Response

app = Flask(__name__)
BODY = open(os.environ["SAME_BYTES_FILE"], "rb").read()


@app.get("/", defaults={"path": ""})
@app.get("/<path:path>")
def same_bytes(path):
    return Response(BODY, mimetype="text/html")
