"""Demo: the knowledge search index, rebuilt last from everything the other builders wrote (some write
rows in bulk, which does not fire the signals that keep the index up to date)."""

from banso.knowledge.search_index import rebuild


def build(context: dict) -> None:
    rebuild()
