"""A deterministic stand-in for the trained reader, used with indexes built by the fake embedder
(the fast test tier): it needs no model and decides by character overlap, so tests of how answers
are composed, cited and shown run in milliseconds. It is not a reader of any quality."""

from __future__ import annotations

import re
from typing import Sequence

from ..figures import find_figures
from ..textnorm import match_form
from .reader import Span

_ASKING = set("的了是在有和与及为吗呢什么多少几哪谁何如怎样请问个")
_CLAUSE = re.compile(r"[，。；！？,;!?]")


class FakeReader:
    """Answers a window when most of the question's characters occur in it: the figure whose
    preceding words share most with the question, else the window's first clause."""

    def read(self, question: str, windows: Sequence[str], figure: bool = False) -> list[Span | None]:
        q = {c for c in match_form(question) if c.isalnum() and c not in _ASKING}
        out: list[Span | None] = []
        for k, w in enumerate(windows):
            form = match_form(w)
            share = len(q & set(form)) / max(len(q), 1)
            figs = find_figures(w)
            if figs:
                f = max(figs, key=lambda f: (len(q & set(form[max(0, f.start - 12):f.start])), -f.start))
                a, b = f.start, f.end
            else:
                cut = _CLAUSE.search(w)
                a, b = 0, cut.start() if cut and cut.start() > 0 else len(w)
            out.append(Span(k, a, b, score=10 * share, null=6.0))
        return out
