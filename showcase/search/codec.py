"""The index's posting blocks, stored as arrays: read without unpickling each posting.

Whoosh's codec (``whoosh.codec.whoosh3``) stores a block of postings as one pickled tuple of
docnum deltas, weights and values, pickled with protocol 2: unpickling a block of 1024
postings builds 1024 integers, 1024 floats and 1024 byte strings (each through a call of
``codecs.encode``), and a search reads such blocks for every term of every field it looks
in. :class:`ArrayCodec` writes the same blocks (the same block headers, postings per block
and compression) with the docnum deltas and weights as machine arrays and the values joined
into one byte string with their lengths beside them, pickled with protocol 5, so a block is
read with a decompression and a few copies (``internals.read_postings``).

Everything else is Whoosh's codec: term tables, stored fields, columns, segments. Whoosh's
own matchers read these blocks through :class:`ArrayLeafMatcher`, so plain Whoosh (the
``SEARCH_PLAIN_WHOOSH`` setting) answers from them as from its own. Whoosh pickles the codec
into each segment it writes: renaming or moving these classes (or this module) makes such
indexes unreadable until they are rebuilt. Segments written with Whoosh's own codec (indexes
built before) are still read as they are. The arrays are in the machine's byte order: an
index is built where it is searched (``showcase reindex``), not copied to a big-endian one.
"""

import pickle
import zlib
from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

# Protocol 5 stores byte strings as they are (protocol 2 stores each as text to re-encode).
_PROTOCOL = 5


class ArrayCodec(W3Codec):
    """Whoosh's codec, its postings (not its term vectors) written in array blocks."""

    def postings_writer(self, dbfile, byteids=False):
        """A writer of array blocks (term vectors, keyed by bytes, are Whoosh's)."""
        if byteids:
            return super().postings_writer(dbfile, byteids=True)
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit,
                                   compression=self._compression,
                                   inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        """A matcher of a term's array blocks (or of its postings inlined in its info)."""
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class ArrayPostingsWriter(W3PostingsWriter):
    """Writes a term's postings in blocks whose data is ``(docnum deltas, weights, values)``:
    an ``array("I")``'s bytes; None (every weight 1), one float (all alike) or an
    ``array("f")``'s bytes; None (no values), the fixed-size values joined, or the values
    joined with an ``array("I")`` of their lengths."""

    def _write_block(self, last=False):
        # As W3PostingsWriter._write_block, with this class's block data.
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps((self._array_ids(), self._array_weights(), self._array_values()),
                            _PROTOCOL)
        compression = self._compression
        if compression:
            data = zlib.compress(data, compression)
        ids = self._ids
        info = pickle.dumps((len(ids), ids[-1], self._maxweight, compression,
                             length_to_byte(self._minlength),
                             length_to_byte(self._maxlength)), 2)
        length = len(info) + len(data)
        # A negative length marks the term's last block.
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()

    def _array_ids(self) -> bytes:
        return array("I", delta_encode(self._ids)).tobytes()

    def _array_weights(self):
        weights = self._weights
        first = weights[0]
        if all(weight == first for weight in weights):
            return None if first == 1.0 else first
        return weights.tobytes()

    def _array_values(self):
        values = self._values
        size = self._format.fixed_value_size()
        if size == 0:
            return None
        if size is not None and size > 0:
            return b"".join(values)
        return b"".join(values), array("I", map(len, values)).tobytes()


class ArrayLeafMatcher(W3LeafMatcher):
    """Whoosh's matcher over a term's array blocks (for Whoosh's own code paths); the
    engine's fast paths read the blocks whole with :meth:`block`."""

    def _read_data(self):
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        deltas, weights, values = pickle.loads(data)
        if isinstance(weights, bytes):
            weights = array("f", weights)
        if isinstance(values, tuple):
            values = values[0], array("I", values[1])
        self._data = array("I", accumulate(array("I", deltas))), weights, values

    def block(self) -> tuple[array, object, object]:
        """The current block's ``(docnums, weights, values)``: docnums an ``array("I")``;
        weights None (all 1), one float or an ``array("f")``; values None, the fixed-size
        values joined, or ``(joined values, array("I") of their lengths)``."""
        if self._data is None:
            self._read_data()
        return self._data

    def _read_ids(self):
        self._ids = self.block()[0]

    def _read_weights(self):
        weights = self.block()[1]
        if weights is None or isinstance(weights, float):
            weights = array("f", [1.0 if weights is None else weights]) * self._blocklength
        self._weights = weights

    def _read_values(self):
        values = self.block()[2]
        size = self._fixedsize
        if values is None:
            self._values = (None,) * self._blocklength
        elif isinstance(values, tuple):
            self._values = tuple(RawValues(*values).at(range(len(values[1]))))
        else:
            self._values = tuple(values[i:i + size] for i in range(0, len(values), size))


class RawValues:
    """The raw values of a term's postings, each a slice of one byte string, in the order of
    its docnums (what an array block holds, and what the engine's block reader returns)."""

    __slots__ = ("buffer", "lengths", "_offsets")

    def __init__(self, buffer: bytes, lengths):
        self.buffer, self.lengths, self._offsets = buffer, lengths, None

    def at(self, indices) -> list[bytes]:
        """The values of the postings at ``indices``."""
        offsets = self._offsets
        if offsets is None:
            # Worked out when first asked for: most terms' values are never read.
            offsets = self._offsets = array("Q", accumulate(self.lengths, initial=0))
        buffer = self.buffer
        return [buffer[offsets[i]:offsets[i + 1]] for i in indices]

    def only(self, indices) -> "RawValues":
        """The values of the postings at ``indices`` alone."""
        kept = self.at(indices)
        return RawValues(b"".join(kept), array("I", map(len, kept)))
