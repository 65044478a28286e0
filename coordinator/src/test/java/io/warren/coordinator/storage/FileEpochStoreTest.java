package io.warren.coordinator.storage;

import io.warren.coordinator.domain.Term;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileEpochStoreTest {
    @TempDir
    Path root;

    private FileEpochStore epochs() {
        return new FileEpochStore(StorageLayout.under(root));
    }

    @Test
    void epochsStartAtOneAndOnlyGrowAcrossStoresOnTheSameStorage() {
        assertThat(epochs().latest()).isZero();
        assertThat(epochs().claimNext()).isEqualTo(1);
        assertThat(epochs().claimNext()).isEqualTo(2);
        assertThat(epochs().latest()).isEqualTo(2);
        assertThat(epochs().claimed(2)).isTrue();
        assertThat(epochs().claimed(3)).isFalse();
    }

    @Test
    void coordinatorsClaimingAtOnceNeverShareAnEpochAndLeaveNoGap() throws Exception {
        int threads = 8;
        int each = 5;
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) claimed.add(epochs().claimNext());
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread t : started) t.join();
        // No gap matters: a term learns it is superseded by looking up the epoch after its own.
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, threads * each).boxed().toList());
    }

    @Test
    void aTermIsRefusedOnceANewerTermBeginsAndStaysSo() {
        Term first = Term.begin(epochs());
        first.check(); // alone: allowed
        Term second = Term.begin(epochs());
        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);

        assertThatThrownBy(first::check).isInstanceOf(Term.Superseded.class)
                .hasMessageContaining("term 1 is superseded by term 2");
        second.check();
        Term third = Term.begin(epochs());
        assertThatThrownBy(second::check).isInstanceOfSatisfying(Term.Superseded.class,
                s -> assertThat(s.newer()).isEqualTo(third.epoch()));
    }
}
