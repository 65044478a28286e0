# Counts lines per key for Warren (Hadoop Streaming's protocol). Reads 'key<TAB>value' lines sorted by key and
# writes 'key<TAB>count' once per key; a value is a count already (so this is its own combiner), an empty one is 1.
BEGIN { FS = "\t" }
NR > 1 && $1 != key { print key "\t" n; n = 0 }
{ key = $1; n += ($2 == "" ? 1 : $2) }
END { if (NR > 0) print key "\t" n }
