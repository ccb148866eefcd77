"""Bilingual (zh->en) input: reading and writing bitext formats (TSV, TMX, XLIFF 1.2 and 2.x,
PO) as segments whose logical English target maps exactly back onto the file, aligning Chinese
and English text that comes unaligned, and the facts (names, numbers, dates, glossary terms)
extracted from the Chinese source that source-aware checks rely on."""
