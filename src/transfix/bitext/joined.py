"""A bitext file as one English text for the rules, and the way back to the file.

The segments' logical English targets are joined with a separator the rules
never match across (a line holding one masked character), so every rule reads
the English as paragraphs of one document; their Chinese sources, joined the
same way, are the source units, paired one by one. Offsets in the joined texts
map back to the file through each segment's runs, and the applied changes
become target edits that :func:`transfix.bitext.formats.apply_target_edits`
writes with everything else in the file left as it was.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from transfix.bitext.formats import BitextFile, SkippedEdit, apply_target_edits, file_offset

SEPARATOR = "\n\x00\n"
TAG = "\x00"


@dataclass
class Joined:
    file: BitextFile
    english: str  # the targets joined
    chinese: str  # the sources joined
    en_starts: list[int]  # where each segment's target starts in ``english``
    zh_spans: list[tuple[int, int]]  # each segment's source in ``chinese``

    @classmethod
    def of(cls, bf: BitextFile) -> Joined:
        en_parts: list[str] = []
        zh_parts: list[str] = []
        en_starts: list[int] = []
        zh_spans: list[tuple[int, int]] = []
        en_pos = zh_pos = 0
        for seg in bf.segments:
            en_starts.append(en_pos)
            en_parts.append(seg.target)
            en_pos += len(seg.target) + len(SEPARATOR)
            zh_spans.append((zh_pos, zh_pos + len(seg.source)))
            zh_parts.append(seg.source)
            zh_pos += len(seg.source) + len(SEPARATOR)
        return cls(bf, SEPARATOR.join(en_parts), SEPARATOR.join(zh_parts), en_starts, zh_spans)

    def protected(self) -> list[tuple[int, int]]:
        """Spans no edit may touch: the separators and the inline tags."""
        out = []
        for k, start in enumerate(self.en_starts):
            target = self.file.segments[k].target
            end = start + len(target)
            pos = target.find(TAG)
            while pos >= 0:
                out.append((start + pos, start + pos + 1))
                pos = target.find(TAG, pos + 1)
            if k + 1 < len(self.en_starts):
                out.append((end, end + len(SEPARATOR)))
        return out

    def segment_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.en_starts, pos) - 1)

    def to_file(self, pos: int) -> int:
        """An offset of the joined English -> an offset of the file."""
        k = self.segment_at(pos)
        seg = self.file.segments[k]
        local = min(max(0, pos - self.en_starts[k]), len(seg.target))
        found = file_offset(seg.runs, local)
        if found is not None:
            return found
        return seg.runs[-1].fend if seg.runs else 0

    def zh_line_col(self, pos: int) -> tuple[int, int]:
        """An offset of the joined Chinese -> (line, column) in the file."""
        k = max(0, bisect.bisect_right([a for a, _ in self.zh_spans], pos) - 1)
        seg = self.file.segments[k]
        local = pos - self.zh_spans[k][0]
        found = file_offset(seg.source_runs, local) if seg.source_runs else None
        if found is None:
            return seg.source_line, seg.source_column + max(0, local)
        return self.file.line_col(found)

    def write(self, changes: list[tuple[int, int, str]]) -> tuple[str, list[SkippedEdit]]:
        """Apply changes (spans of the joined English and their new text) to the file."""
        edits = []
        for start, end, new in changes:
            k = self.segment_at(start)
            base = self.en_starts[k]
            edits.append((k, start - base, end - base, new))
        return apply_target_edits(self.file, edits)
