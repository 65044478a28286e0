package io.warren.bench.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Warren's wordcount in Spark, the way its own examples write it: {@code textFile}, the same tokenizer as Warren
 * (maximal runs of letters, {@link Character#isLetter(int)} by code point), {@code mapToPair(word, 1)},
 * {@code reduceByKey(sum)}, then the counts collected and written as {@code word count} lines in code point order,
 * so the output compares with Warren's after sorting.
 * <pre>java --add-opens=... -cp 'bench/spark/target/warren-bench-spark.jar:bench/spark/target/lib/*' io.warren.bench.spark.SparkWordCount local[2] INPUT_DIR OUTPUT_FILE</pre>
 */
public final class SparkWordCount {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SparkWordCount MASTER INPUT_DIR OUTPUT_FILE");
            System.exit(2);
        }
        SparkConf conf = new SparkConf().setAppName("wordcount").setMaster(args[0])
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        List<Tuple2<String, Long>> counts;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("ERROR");
            JavaPairRDD<String, Long> pairs = spark.textFile(args[1])
                    .flatMap(SparkWordCount::words)
                    .mapToPair(word -> new Tuple2<>(word, 1L))
                    .reduceByKey(Long::sum);
            counts = new ArrayList<>(pairs.collect());
        }
        counts.sort((a, b) -> compareCodePoints(a._1(), b._1()));
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
            for (Tuple2<String, Long> c : counts) {
                out.write(c._1());
                out.write(' ');
                out.write(Long.toString(c._2()));
                out.write('\n');
            }
        }
    }

    /** Warren's tokenizer (io.warren.apps.Words), copied: maximal runs of letters, by code point. */
    static Iterator<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isLetter(cp)) {
                if (start < 0) start = i;
            } else if (start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) words.add(text.substring(start));
        return words.iterator();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private SparkWordCount() {
    }
}
