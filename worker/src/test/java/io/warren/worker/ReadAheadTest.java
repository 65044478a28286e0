package io.warren.worker;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReadAheadTest {
    @Test
    void aWorkerTakesOneTaskPerSlotUntilItsTasksProveShort() {
        ReadAhead readAhead = new ReadAhead(3);
        assertThat(readAhead.prefetch()).isEqualTo(3);
        int prefetch = 3;
        int tasks = 0;
        while (prefetch == 3) {
            prefetch = readAhead.ran(Duration.ofMillis(2));
            tasks++;
        }
        assertThat(prefetch).isEqualTo(6);
        assertThat(tasks).as("tiny tasks needed before reading ahead").isBetween(5, 30);
    }

    @Test
    void oneLongTaskStopsTheReadingAheadAtOnce() {
        ReadAhead readAhead = new ReadAhead(1);
        for (int i = 0; i < 50; i++) readAhead.ran(Duration.ofMillis(1));
        assertThat(readAhead.prefetch()).isEqualTo(2);
        assertThat(readAhead.ran(Duration.ofSeconds(2))).isEqualTo(1);
    }

    @Test
    void tasksBetweenTheThresholdsKeepWhateverWasDecided() {
        ReadAhead ahead = new ReadAhead(1);
        for (int i = 0; i < 50; i++) ahead.ran(Duration.ofMillis(1));
        ReadAhead notAhead = new ReadAhead(1);
        for (int i = 0; i < 200; i++) {
            Duration between = Duration.ofMillis(60 + i % 120); // within the gap between SHORT and LONG
            assertThat(ahead.ran(between)).isEqualTo(2);
            assertThat(notAhead.ran(between)).isEqualTo(1);
        }
    }
}
