"""Collecting a search's matches together with the query terms found in any of them."""

from whoosh import collectors


class MatchedTermsCollector(collectors.WrappingCollector):
    """Collects through ``child`` and keeps the set of ``(field, term)`` of the query that sat
    on at least one collected document (what ``Results.matched_terms()`` reports).

    Whoosh's TermsCollector records, for every match, every query term found in it: a check per
    term of the query (dozens for a multilingual query over five fields) per match. Only the set
    is needed, to mark words in snippets, so a term already found is not checked again.
    """

    def __init__(self, child):
        super().__init__(child)
        self.terms: set = set()
        self._unseen: list = []

    def prepare(self, top_searcher, q, context):
        # As TermsCollector: term matchers must sit on each collected document.
        self.child.prepare(top_searcher, q, context.set(needs_current=True))

    def set_subsearcher(self, subsearcher, offset):
        super().set_subsearcher(subsearcher, offset)
        self._unseen = [m for m in self.child.matcher.term_matchers()
                        if m.term() not in self.terms]

    def collect(self, sub_docnum):
        self.child.collect(sub_docnum)
        found = False
        for m in self._unseen:
            if m.is_active() and m.id() == sub_docnum:
                self.terms.add(m.term())
                found = True
        if found:
            self._unseen = [m for m in self._unseen if m.term() not in self.terms]
