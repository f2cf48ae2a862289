"""A query's IR made ready for matching: what only tools need is dropped, tests merged.

Pure IR -> IR; the meaning is unchanged. Kept out of :func:`parse_query` so that
``format_query`` still sees every boost and every clause as written.
"""

from __future__ import annotations

from ..ir import And, Boost, Equals, Node, Not, Or

__all__ = ["for_matching", "without_boosts"]


def without_boosts(node: Node) -> Node:
    """``node`` without :class:`~filterengine.ir.Boost` wrappers (they never change matching).

    >>> from filterengine.ir import MatchAll
    >>> without_boosts(Boost(Not(Boost(MatchAll(), 2.0)), 0.5))
    Not(child=MatchAll())
    """
    if isinstance(node, Boost):
        return without_boosts(node.child)
    if isinstance(node, Not):
        return Not(without_boosts(node.child))
    if isinstance(node, And):
        return And(tuple(map(without_boosts, node.children)))
    if isinstance(node, Or):
        return Or(tuple(map(without_boosts, node.children)))
    return node


def merge_equals(node: Node) -> Node:
    """``f:a OR f:b`` as one set lookup: an Or's Equals on the same field become one Equals.

    ``Equals`` means "some value equals some member", so members of sibling tests
    on one field simply add up.

    >>> from filterengine.ir import Field
    >>> cat = Field("cat", ("cat",))
    >>> merge_equals(Or((Equals(cat, ("news",)), Equals(cat, ("sport",)))))
    Equals(field=Field(name='cat', keys=('cat',), path=None, kind='dynamic', case_insensitive=False), values=('news', 'sport'))
    """
    if isinstance(node, Not):
        return Not(merge_equals(node.child))
    if isinstance(node, And):
        return And(tuple(map(merge_equals, node.children)))
    if not isinstance(node, Or):
        return node
    children: list[Node] = []
    slot: dict[object, int] = {}
    for child in map(merge_equals, node.children):
        if isinstance(child, Equals):
            at = slot.get(child.field)
            if at is not None:
                merged = children[at]
                assert isinstance(merged, Equals)
                children[at] = Equals(merged.field, merged.values + child.values)
                continue
            slot[child.field] = len(children)
        children.append(child)
    return children[0] if len(children) == 1 else Or(tuple(children))


def for_matching(node: Node) -> Node:
    """Boosts dropped, then same-field equality tests under an Or merged."""
    return merge_equals(without_boosts(node))
