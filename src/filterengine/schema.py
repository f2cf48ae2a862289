"""What the engine knows about fields: kind, case-insensitivity, aliases.

The built-in :data:`PLATFORM_SCHEMA` describes the video platform's clip index.
A field a schema does not know is still usable: it is matched dynamically by the
record value's own type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import FilterEngineError
from .ir import Field

__all__ = ["FieldSpec", "Schema", "PLATFORM_SCHEMA", "KINDS"]

KINDS = ("text", "keyword", "number", "date", "boolean", "dynamic")
_FIELD_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one field is indexed: ``kind`` (one of :data:`KINDS`), case, and whether it holds a list.

    A ``text`` field is analyzed (split into words, lower-cased), so it is always
    case-insensitive, for every operator, the ``q`` language and sorting alike.
    ``multivalued`` fields hold lists (``cat``, ``tags``); matching treats a list and a
    scalar alike, but a table layout (``fe.sql``) gives such a field an array column.
    """

    kind: str = "dynamic"
    case_insensitive: bool = False
    multivalued: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FilterEngineError(f"unknown field kind {self.kind!r}; expected one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class Schema:
    """Fields by canonical name, index aliases, and the default fields of bare ``q`` terms.

    >>> s = Schema({"league": FieldSpec("keyword", case_insensitive=True)}, aliases={"leagueSort": "league"})
    >>> s.field("leagueSort")
    Field(name='leagueSort', keys=('leagueSort', 'league'), path=None, kind='keyword', case_insensitive=True)
    >>> PLATFORM_SCHEMA.field("meta.league").path
    ('meta', 'league')
    """

    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    default_fields: tuple[str, ...] = ()
    #: Names that stand for several fields, any of which may match (the platform's ``fulltext``).
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Names the platform treats specially that cannot be evaluated here, with the reason.
    unsupported: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Fields by name as written, built once (IR fields are immutable; the
        # cache is bounded, and a race at worst builds one twice).
        object.__setattr__(self, "_field_cache", {})
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))
        object.__setattr__(self, "aliases", MappingProxyType(dict(self.aliases)))
        object.__setattr__(self, "default_fields", tuple(self.default_fields))
        object.__setattr__(self, "groups", MappingProxyType({k: tuple(v) for k, v in self.groups.items()}))
        object.__setattr__(self, "unsupported", MappingProxyType(dict(self.unsupported)))
        for alias, target in self.aliases.items():
            if target not in self.fields:
                raise FilterEngineError(f"alias {alias!r} points to unknown field {target!r}")
        for name, members in self.groups.items():
            for member in members:
                if self.canonical(member) not in self.fields:
                    raise FilterEngineError(f"field group {name!r} names unknown field {member!r}")

    def knows(self, name: str) -> bool:
        """Whether ``name`` is a field, an alias, a group or a special name of this schema."""
        return (self.canonical(name) in self.fields or name in self.groups or name in self.unsupported)

    def names(self) -> list[str]:
        """Every name this schema knows, for did-you-mean suggestions."""
        return [*self.fields, *self.aliases, *self.groups, *self.unsupported]

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.fields.items())), tuple(sorted(self.aliases.items())), self.default_fields))

    def canonical(self, name: str) -> str:
        """The canonical name of ``name`` (itself unless it is an alias)."""
        return self.aliases.get(name, name)

    def spec(self, name: str) -> FieldSpec | None:
        return self.fields.get(self.canonical(name))

    def field(self, name: str) -> Field:
        """The IR field for a name as a user wrote it."""
        cache: dict[str, Field] = self._field_cache  # type: ignore[attr-defined]
        found = cache.get(name)
        if found is None:
            if len(cache) >= _FIELD_CACHE_SIZE:
                cache.clear()
            found = cache[name] = self._build_field(name)
        return found

    def _build_field(self, name: str) -> Field:
        canonical = self.canonical(name)
        spec = self.fields.get(canonical) or FieldSpec()
        keys = (name,) if canonical == name else (name, canonical)
        path = tuple(canonical.split(".")) if "." in canonical else None
        return Field(name, keys, path, spec.kind, spec.case_insensitive or spec.kind == "text")

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> Schema:
        """Build a schema from JSON-like data.

        >>> Schema.from_dict({"fields": {"views": {"kind": "number"}}, "default_fields": ["title"]}).spec("views")
        FieldSpec(kind='number', case_insensitive=False, multivalued=False)
        """
        fields = {
            name: FieldSpec(
                kind=spec.get("kind", "dynamic"),
                case_insensitive=bool(spec.get("case_insensitive", False)),
                multivalued=bool(spec.get("multivalued", False)),
            )
            for name, spec in dict(obj.get("fields", {})).items()
        }
        groups = {name: tuple(members) for name, members in dict(obj.get("groups", {})).items()}
        return cls(fields, dict(obj.get("aliases", {})), tuple(obj.get("default_fields", ())), groups,
                   dict(obj.get("unsupported", {})))


def _platform() -> Schema:
    text_ci = FieldSpec("text", case_insensitive=True)
    keyword = FieldSpec("keyword")
    keywords = FieldSpec("keyword", multivalued=True)
    fields: dict[str, FieldSpec] = {
        "title": text_ci,
        "description": text_ci,
        "cat": keywords,
        "publication": keywords,
        "length": FieldSpec("number"),
        "views": FieldSpec("number"),
        "width": FieldSpec("number"),
        "height": FieldSpec("number"),
        "createddate": FieldSpec("date"),
        "updateddate": FieldSpec("date"),
        "publisheddate": FieldSpec("date"),
        "tags": keywords,
        # Flags the platform stores as "true"/"false" strings or booleans: compared by the value's own type.
        "featured": FieldSpec(),
        "geoblocked": FieldSpec(),
        # The platform's documented JSON boolean, and the clip service's.
        "transcodingFinished": FieldSpec("boolean"),
        "is_complete": FieldSpec("boolean"),
        # The clip service's creation time (its draft listing sorts by it).
        "created_at": FieldSpec("date"),
    }
    for name in ("id", "type", "status", "mediatype", "usetype", "sourcetype", "createdBy", "updatedBy", "author",
                 # clip references and origin, as the platform documents them
                 "publicationid", "parentid", "sourceid", "originalfilename",
                 # the clip service's records
                 "draft_id", "asset", "@id", "@type"):
        fields[name] = keyword
    aliases = {
        "published_date": "publisheddate",
        "created_date": "createddate",
        "updated_date": "updateddate",
        "title_cistr": "title",
        "description_cistr": "description",
        "catSort": "cat",
        "statusSort": "status",
        "mediatypeSort": "mediatype",
        "usetypeSort": "usetype",
        "sourcetypeSort": "sourcetype",
        "titleSort": "title",
        "publicationSort": "publication",
        # The platform SDK's field map: the index names it sends for filtering and sorting.
        "modifieddate": "updateddate",
        "views_int": "views",
        "length_int": "length",
        "authorSort": "author",
    }
    groups = {"fulltext": ("title", "description")}
    unsupported = {
        "hasInteractivity": "the platform computes it from interactive elements a clip record does not carry",
    }
    return Schema(fields, aliases, ("title", "description", "cat"), groups, unsupported)


#: The video platform's clip index: kinds, case-insensitive text, and index aliases.
PLATFORM_SCHEMA = _platform()
