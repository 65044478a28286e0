#!/usr/bin/env python3
"""Word count mapper for Warren (Hadoop Streaming's protocol): reads lines on stdin and writes one
'word<TAB>1' line per whitespace-separated word. Counts the lines it read in a counter."""
import sys


def main():
    sys.stdin.reconfigure(errors="replace")  # a bad byte becomes U+FFFD instead of stopping the task
    write = sys.stdout.write
    lines = 0
    for line in sys.stdin:
        lines += 1
        for word in line.split():
            write(word + "\t1\n")
    sys.stderr.write(f"reporter:counter:wordcount,lines,{lines}\n")


if __name__ == "__main__":
    main()
