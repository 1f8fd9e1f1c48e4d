"""Schema hooks: every operation declares the errors it can answer with, so clients (and a
schema-driven fuzzer) know them. drf-spectacular alone documents 2xx and some 400s only."""

from typing import Any

ERROR_COMPONENT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Field name: list of messages (on 400 only).",
        },
    },
    "required": ["detail"],
}
ERRORS = {
    "400": "The request was not valid; `errors` names each field.",
    "401": "Not signed in: send `Authorization: Token <key>` or a session cookie.",
    "403": "Your role in this campaign may not do this.",
    "404": "No such record in a campaign you belong to.",
    "405": "This address does not take that method.",
    "406": "The format asked for in Accept is not offered.",
    "415": "The request body's content type is not accepted.",
}


def declare_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    ref = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(
                    status,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result
