"""Same-field set tests become one: ``f:a OR f:b`` is one lookup of ``{a, b}``.

``Equals`` and ``Substring`` mean "some value matches some member", so under an
``Or`` the members of tests on one field add up; ``ContainsAll`` means "every
member matches some value", so under an ``And`` they add up too. Fields must be
identical (name, keys, path, kind and case rule), since those decide what
"matches" means. The merged test takes the place of the first; an ``And``/``Or``
left with one child is replaced by it.

>>> from filterengine.ir import Field
>>> cat = Field("cat", ("cat",))
>>> merge_sets(Or((Equals(cat, ("news",)), Equals(cat, ("sport",)))))  # doctest: +ELLIPSIS
Equals(field=Field(name='cat', ...), values=('news', 'sport'))
>>> folded = Field("cat", ("cat",), case_insensitive=True)
>>> len(merge_sets(Or((Equals(cat, ("news",)), Equals(folded, ("sport",))))).children)
2
"""

from __future__ import annotations

from ..ir import And, ContainsAll, Equals, Field, Node, Or, Scalar, Substring
from ..walk import transform

__all__ = ["merge_sets"]


def merge_sets(node: Node) -> Node:
    return transform(node, _merge)


def _merge(node: Node) -> Node:
    if isinstance(node, Or):
        return _merged(node, (Equals, Substring))
    if isinstance(node, And):
        return _merged(node, (ContainsAll,))
    return node


def _merged(node: And | Or, kinds: tuple[type[Equals] | type[Substring] | type[ContainsAll], ...]) -> Node:
    children: list[Node] = []
    slot: dict[tuple[type, Field], int] = {}
    # The tests that join the one at each slot, joined once at the end: linear in the values.
    joining: dict[int, list[Equals | Substring | ContainsAll]] = {}
    for child in node.children:
        if isinstance(child, kinds):
            key = (type(child), child.field)
            at = slot.get(key)
            if at is not None:
                joining.setdefault(at, []).append(child)
                continue
            slot[key] = len(children)
        children.append(child)
    if not joining:
        return node
    for at, more in joining.items():
        children[at] = _union(children[at], more)
    if len(children) == 1:
        return children[0]
    return And(tuple(children)) if isinstance(node, And) else Or(tuple(children))


def _union(first: Node, more: list[Equals | Substring | ContainsAll]) -> Node:
    if isinstance(first, Equals):
        return Equals(first.field, first.values + tuple(v for m in more for v in _members(m)))
    if isinstance(first, ContainsAll):
        return ContainsAll(first.field, first.values + tuple(v for m in more for v in _members(m)))
    if isinstance(first, Substring):
        return Substring(first.field, first.needles + tuple(v for m in more for v in _members(m)))
    raise AssertionError((first, more))  # the slot key holds the node type


def _members(node: Equals | Substring | ContainsAll) -> tuple[Scalar, ...]:
    return node.needles if isinstance(node, Substring) else node.values
