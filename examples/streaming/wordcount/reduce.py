#!/usr/bin/env python3
"""Word count reducer for Warren (Hadoop Streaming's protocol): reads 'word<TAB>count' lines sorted by word and
writes 'word<TAB>total' once per word. Works as the combiner too. Counts the distinct words in a counter."""
import sys


def main():
    sys.stdin.reconfigure(errors="replace")
    write = sys.stdout.write
    current, total, words = None, 0, 0
    for line in sys.stdin:
        word, _, count = line.rstrip("\n").partition("\t")
        if word != current:
            if current is not None:
                write(f"{current}\t{total}\n")
                words += 1
            current, total = word, 0
        total += int(count)
    if current is not None:
        write(f"{current}\t{total}\n")
        words += 1
    sys.stderr.write(f"reporter:counter:wordcount,distinct-words,{words}\n")


if __name__ == "__main__":
    main()
