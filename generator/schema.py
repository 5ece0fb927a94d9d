"""JSON Schemas of the four file kinds, so editors check YAML while the PM types."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from generator.model import Competitor, Persona, PortfolioDefinition, Product

SCHEMA_DIR = "schema"
FILE_KINDS: dict[str, type[BaseModel]] = {
    "product": Product,
    "persona": Persona,
    "competitor": Competitor,
    "portfolio": PortfolioDefinition,
}
MODELINE = "# yaml-language-server: $schema={}"


class _EditorSchema(GenerateJsonSchema):
    """Text fields also accept what an editor types as a number (`version: 4.10`):
    productdocs keeps the text as written, so the schema must not complain."""

    def str_schema(self, schema: dict) -> dict:  # type: ignore[override]
        result = super().str_schema(schema)  # type: ignore[arg-type]
        if "pattern" not in result:
            result["type"] = ["string", "number", "boolean"]
        return result


def schema_for(kind: str) -> dict:
    schema = FILE_KINDS[kind].model_json_schema(schema_generator=_EditorSchema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return schema


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


def modeline(kind: str, depth: int) -> str:
    """The editor hint for a file `depth` folders below the portfolio root."""
    return MODELINE.format("../" * depth + f"{SCHEMA_DIR}/{kind}.schema.json")
