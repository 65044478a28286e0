package io.warren.bench.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The sort of bench/sort.sh in Spark, as its examples write a total-order sort: {@code textFile}, each line keyed by
 * its first KEY_BYTES characters ({@code mapToPair}), {@code sortByKey} (which samples the keys and range-partitions,
 * as Warren's {@code --total-order} does) into PARTITIONS partitions, the lines saved with {@code saveAsTextFile}, so
 * {@code part-00000} ... read in order are sorted. gensort-style keys are printable ASCII, where String order is byte
 * order.
 * <pre>java --add-opens=... -cp 'bench/spark/target/warren-bench-spark.jar:bench/spark/target/lib/*' io.warren.bench.spark.SparkSort local[2] KEY_BYTES PARTITIONS INPUT_DIR OUTPUT_DIR</pre>
 */
public final class SparkSort {

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: SparkSort MASTER KEY_BYTES PARTITIONS INPUT_DIR OUTPUT_DIR");
            System.exit(2);
        }
        int keyBytes = Integer.parseInt(args[1]);
        int partitions = Integer.parseInt(args[2]);
        SparkConf conf = new SparkConf().setAppName("sort").setMaster(args[0])
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("ERROR");
            spark.textFile(args[3])
                    .mapToPair(line -> new Tuple2<>(line.substring(0, Math.min(keyBytes, line.length())), line))
                    .sortByKey(true, partitions)
                    .values()
                    .saveAsTextFile(args[4]);
        }
    }

    private SparkSort() {
    }
}
