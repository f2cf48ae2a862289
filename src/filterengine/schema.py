"""What the engine knows about fields: kind, case-insensitivity, aliases.

The built-in :data:`PLATFORM_SCHEMA` describes the video platform's clip index.
A field a schema does not know is still usable: it is matched dynamically by the
record value's own type.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import Problem, SchemaError
from .ir import Field
from .runtime.display import literal

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
        problems = _spec_problems(self.kind, self.case_insensitive, "")
        if not isinstance(self.multivalued, bool):
            problems.append(Problem("/multivalued", f"multivalued must be true or false, not {literal(self.multivalued, 60)}",
                                    code="bad_schema"))
        if problems:
            raise SchemaError(problems)


def _spec_problems(kind: Any, case_insensitive: Any, at: str) -> list[Problem]:
    """What is wrong with a field's ``kind`` and ``case_insensitive`` (``at``: the field's pointer)."""
    problems = []
    if not isinstance(kind, str) or kind not in KINDS:
        close = difflib.get_close_matches(kind, KINDS, n=1) if isinstance(kind, str) else []
        hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(KINDS)}"
        problems.append(Problem(f"{at}/kind", f"unknown field kind {literal(kind, 60)}; {hint}", code="unknown_kind"))
    if not isinstance(case_insensitive, bool):
        problems.append(Problem(f"{at}/case_insensitive", f"case_insensitive must be true or false, not {literal(case_insensitive, 60)}",
                                code="bad_schema"))
    return problems


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _names(value: Any, at: str, what: str, problems: list[Problem]) -> tuple[str, ...]:
    """A list of field names (a string alone is not one), or a problem at ``at``."""
    if isinstance(value, str) or not isinstance(value, Iterable) or isinstance(value, Mapping):
        problems.append(Problem(at, f"{what} must be a list of field names, not {literal(value, 60)}", code="bad_schema"))
        return ()
    names = tuple(value)
    for i, name in enumerate(names):
        if not isinstance(name, str):
            problems.append(Problem(f"{at}/{i}", f"a field name must be a string, not {literal(name, 60)}", code="bad_schema"))
    return names if all(isinstance(n, str) for n in names) else ()


def _table(value: Any, at: str, what: str, problems: list[Problem]) -> dict[str, Any]:
    """A mapping with string keys, or a problem at ``at``."""
    if not isinstance(value, Mapping):
        problems.append(Problem(at, f"{what} must be an object, not {literal(value, 60)}", code="bad_schema"))
        return {}
    out = {}
    for key, member in value.items():
        if isinstance(key, str):
            out[key] = member
        else:
            problems.append(Problem(at, f"a field name must be a string, not {literal(key, 60)}", code="bad_schema"))
    return out


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
        # Every part is checked (all problems at once, by JSON pointer) before it is used.
        problems: list[Problem] = []
        fields = _table(self.fields, "/fields", "fields", problems)
        for name, spec in fields.items():
            if not isinstance(spec, FieldSpec):
                problems.append(Problem(f"/fields/{_escape(name)}", f"must be a FieldSpec, not {literal(spec, 60)}", code="bad_schema"))
        aliases = _table(self.aliases, "/aliases", "aliases", problems)
        for alias, target in aliases.items():
            if not isinstance(target, str) or target not in fields:
                problems.append(Problem(f"/aliases/{_escape(alias)}", f"alias {alias!r} points to unknown field {literal(target, 60)}",
                                        code="unknown_target"))
        default_fields = _names(self.default_fields, "/default_fields", "default_fields", problems)
        groups = {name: _names(members, f"/groups/{_escape(name)}", "a group", problems)
                  for name, members in _table(self.groups, "/groups", "groups", problems).items()}
        for name, members in groups.items():
            for i, member in enumerate(members):
                if aliases.get(member, member) not in fields:
                    problems.append(Problem(f"/groups/{_escape(name)}/{i}", f"field group {name!r} names unknown field {member!r}",
                                            code="unknown_target"))
        unsupported = _table(self.unsupported, "/unsupported", "unsupported", problems)
        for name, reason in unsupported.items():
            if not isinstance(reason, str):
                problems.append(Problem(f"/unsupported/{_escape(name)}", f"the reason must be a string, not {literal(reason, 60)}",
                                        code="bad_schema"))
        if problems:
            raise SchemaError(problems)
        # Fields by name as written, built once (IR fields are immutable; the
        # cache is bounded, and a race at worst builds one twice).
        object.__setattr__(self, "_field_cache", {})
        object.__setattr__(self, "fields", MappingProxyType(fields))
        object.__setattr__(self, "aliases", MappingProxyType(aliases))
        object.__setattr__(self, "default_fields", default_fields)
        object.__setattr__(self, "groups", MappingProxyType(groups))
        object.__setattr__(self, "unsupported", MappingProxyType(unsupported))

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
        """Build a schema from JSON-like data; a part of the wrong type is a :class:`SchemaError`
        naming every problem by its JSON pointer.

        >>> Schema.from_dict({"fields": {"views": {"kind": "number"}}, "default_fields": ["title"]}).spec("views")
        FieldSpec(kind='number', case_insensitive=False, multivalued=False)
        >>> Schema.from_dict({"fields": {"views": "number"}})
        Traceback (most recent call last):
        ...
        filterengine.errors.SchemaError: invalid schema:
          /fields/views: a field must be an object such as {"kind": "number"}, not 'number'
        """
        if not isinstance(obj, Mapping):
            raise SchemaError([Problem("", f"a schema must be an object, not {literal(obj, 60)}", code="bad_schema")])
        problems: list[Problem] = []
        fields = {}
        for name, spec in _table(obj.get("fields", {}), "/fields", "fields", problems).items():
            at = f"/fields/{_escape(name)}"
            if not isinstance(spec, Mapping):
                problems.append(Problem(at, f"a field must be an object such as {{\"kind\": \"number\"}}, not {literal(spec, 60)}",
                                        code="bad_schema"))
                spec = {}
            kind, case_insensitive = spec.get("kind", "dynamic"), spec.get("case_insensitive", False)
            multivalued = spec.get("multivalued", False)
            found = _spec_problems(kind, case_insensitive, at)
            if not isinstance(multivalued, bool):
                found.append(Problem(f"{at}/multivalued", f"multivalued must be true or false, not {literal(multivalued, 60)}",
                                     code="bad_schema"))
            problems.extend(found)
            # A broken field is still a field: aliases and groups naming it are not wrong too.
            fields[name] = FieldSpec() if found else FieldSpec(kind, case_insensitive, multivalued)
        try:
            schema = cls(fields, obj.get("aliases", {}), obj.get("default_fields", ()), obj.get("groups", {}),
                         obj.get("unsupported", {}))
        except SchemaError as err:
            problems.extend(err.problems)
        if problems:
            raise SchemaError(problems)
        return schema


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
