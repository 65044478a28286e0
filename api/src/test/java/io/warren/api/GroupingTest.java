package io.warren.api;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupingTest {
    private final Grouping firstField = Grouping.fields(1, '\t');

    @Test
    void theGroupOfAKeyIsItsFirstFieldsWithoutTheSeparatorAfterThem() {
        assertThat(firstField.group("u17\t0")).isEqualTo("u17");
        assertThat(Grouping.fields(2, ',').group("a,b,c,d")).isEqualTo("a,b");
        assertThat(firstField.group("ünïcödé\tx")).isEqualTo("ünïcödé");
    }

    @Test
    void aKeyWithFewerFieldsIsItsOwnGroup() {
        assertThat(firstField.group("lonely")).isEqualTo("lonely");
        assertThat(Grouping.fields(3, ',').group("a,b")).isEqualTo("a,b");
    }

    @Test
    void aNonAsciiSeparatorOrNoFieldsIsRefused() {
        assertThatThrownBy(() -> Grouping.fields(1, 'é')).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> Grouping.fields(0, '\t')).hasMessageContaining("count");
    }

    @Test
    void aJobThatGroupsIsPartitionedByItsGroupByDefault() {
        MapReduceJob grouped = new MapReduceJob() {
            @Override
            public Reducer reducer(JobContext job) {
                return (key, values, out) -> { };
            }

            @Override
            public Optional<Grouping> grouping(JobContext job) {
                return Optional.of(firstField);
            }
        };
        Partitioner partitioner = grouped.partitioner(context());
        for (int user = 0; user < 500; user++) {
            int expected = Partitioner.hash().partition("u" + user, 13);
            assertThat(partitioner.partition("u" + user + "\t0", 13)).isEqualTo(expected);
            assertThat(partitioner.partition("u" + user + "\t1\torder", 13)).isEqualTo(expected);
        }
    }

    @Test
    void aJobWithNamedMappersOnlyNamesThemWhenAskedForADefaultOne() {
        MapReduceJob join = new MapReduceJob() {
            @Override
            public Map<String, Mapper> mappers(JobContext job) {
                return Map.of("users", (doc, line, out) -> { });
            }

            @Override
            public Reducer reducer(JobContext job) {
                return (key, values, out) -> { };
            }
        };
        assertThatThrownBy(() -> join.mapper(context())).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("[users]");
    }

    private static JobContext context() {
        return new JobContext() {
            @Override
            public String jobId() {
                return "job-1";
            }

            @Override
            public Map<String, String> params() {
                return Map.of();
            }
        };
    }
}
