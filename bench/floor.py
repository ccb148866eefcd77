"""The Python floor: glossary replacements with nothing else, for comparison with transfix.

    python bench/floor.py DICTIONARY.tsv FILE_OR_DIR...

DICTIONARY.tsv holds one "wrong<TAB>standard" pair a line. Each file is lowercased, scanned
once by one pyahocorasick automaton (longest match at each place), matches not on word
boundaries are dropped, the rest replaced, and the file rewritten when it changed. No
whitespace folding, case keeping, conditions, report or second round: the least work a
glossary fix can do in Python. Prints the number of replacements.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ahocorasick


def main(dictionary: str, paths: list[str]) -> None:
    automaton = ahocorasick.Automaton()
    for line in Path(dictionary).read_text(encoding="utf-8").splitlines():
        wrong, standard = line.split("\t")
        automaton.add_word(wrong.lower(), (len(wrong), standard))
    automaton.make_automaton()
    files = [f for p in map(Path, paths) for f in (sorted(p.glob("*.txt")) if p.is_dir() else [p])]
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        folded = text.lower()  # same length as text for the ASCII the generator writes
        out: list[str] = []
        pos = 0
        for end, (length, standard) in automaton.iter_long(folded):
            start = end - length + 1
            before = folded[start - 1] if start else " "
            after = folded[end + 1] if end + 1 < len(folded) else " "
            if before.isalnum() or before == "_" or after.isalnum() or after == "_":
                continue
            out += (text[pos:start], standard)
            pos = end + 1
        if out:
            out.append(text[pos:])
            path.write_text("".join(out), encoding="utf-8")
            total += len(out) // 2
    print(total)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
